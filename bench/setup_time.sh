#!/usr/bin/env bash
# Time `make run` from a fresh clone to the first served article page, pip's cache off.
# Usage: bash bench/setup_time.sh [PORT]   (clones this repository's HEAD into a temp dir)
set -euo pipefail
port=${1:-8766}
repo=$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)
clone=$(mktemp -d)
trap 'pkill -INT -f "make run PORT=$port" || true; rm -rf "$clone"' EXIT
git clone -q "$repo" "$clone"
cd "$clone"
start=$(date +%s.%N)
PIP_NO_CACHE_DIR=1 setsid make run PORT="$port" > "$clone/run.log" 2>&1 < /dev/null &
for _ in $(seq 1 600); do
  curl -sf -o /dev/null "http://127.0.0.1:$port/articles/grid-data-centre-boom/" && break
  sleep 0.5
done
end=$(date +%s.%N)
echo "make run from a fresh clone, pip cache off: first article page after $(echo "$end - $start" | bc) s"
