#!/usr/bin/env bash
# Ensure the non-Python tools the test suite needs are present:
#
#   * Debian package `chromium` (/usr/bin/chromium) - headless browser tests
#   * Debian package `wrk`                          - load tests
#   * npm package axe-core, pinned in scripts/axe/package.json (+ lock), so
#     that scripts/axe/node_modules/axe-core/axe.min.js exists
#
# Usage: bash scripts/ensure-test-deps.sh        (from any directory)
#
# Idempotent and fast when everything is there (a few stat calls, no apt, no
# npm).  Otherwise, as root: `apt-get update` once, then one
# `apt-get install --no-install-recommends` of whatever is missing; then
# `npm ci` into scripts/axe.  Not root: apt is skipped with a warning that
# names the missing packages (exit status stays 0 so that non-browser tests can
# still run); npm needs no root and still runs.
set -euo pipefail

script_dir=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
axe_dir="$script_dir/axe"
axe_pkg="$axe_dir/node_modules/axe-core"

log() { printf 'ensure-test-deps: %s\n' "$*" >&2; }
warn() { log "warning: $*"; }

# json_string FILE INDENT KEY: the value of the first `"KEY": "..."` line of
# FILE indented by exactly INDENT spaces (so that a top-level "version" is not
# confused with a script of that name).  Enough for npm-formatted
# package.json files, and needs no jq or node.
json_string() {
    sed -n "s/^ \{$2\}\"$3\": *\"\\([^\"]*\\)\".*/\\1/p" "$1" 2>/dev/null | head -n 1
}

# --- what is missing? -------------------------------------------------------

apt_missing=()
[ -x /usr/bin/chromium ] || apt_missing+=(chromium)
command -v wrk >/dev/null 2>&1 || apt_missing+=(wrk)

# axe-core needs (re)installing when absent or not the pinned version.
axe_wanted=$(json_string "$axe_dir/package.json" 4 axe-core)
axe_needed=false
if [ ! -f "$axe_pkg/axe.min.js" ] ||
    [ "$(json_string "$axe_pkg/package.json" 2 version)" != "$axe_wanted" ]; then
    axe_needed=true
    # Debian's `npm` package (pulls in nodejs) if there is no npm at all.
    command -v npm >/dev/null 2>&1 || apt_missing+=(npm)
fi

# --- Debian packages --------------------------------------------------------

if [ ${#apt_missing[@]} -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ]; then
        warn "not root, skipping apt; missing Debian packages: ${apt_missing[*]}"
        warn "install them with: sudo apt-get install -y --no-install-recommends ${apt_missing[*]}"
    elif ! command -v apt-get >/dev/null 2>&1; then
        warn "no apt-get here; install these by other means: ${apt_missing[*]}"
    else
        log "installing Debian packages: ${apt_missing[*]}"
        export DEBIAN_FRONTEND=noninteractive
        # Lock::Timeout: wait for a concurrent apt/dpkg instead of failing.
        apt_opts=(-q -o DPkg::Lock::Timeout=300 -o Dpkg::Use-Pty=0)
        apt-get "${apt_opts[@]}" update
        apt-get "${apt_opts[@]}" install -y --no-install-recommends "${apt_missing[@]}"
    fi
fi

# --- axe-core ---------------------------------------------------------------

if $axe_needed; then
    if ! command -v npm >/dev/null 2>&1; then
        warn "npm not found; cannot install axe-core $axe_wanted into $axe_dir"
    else
        # `npm ci` installs exactly what package-lock.json says; without a
        # lock (first run after a pin change) `npm install` writes one, which
        # should then be committed.
        npm_cmd=ci
        [ -f "$axe_dir/package-lock.json" ] || npm_cmd=install
        log "npm $npm_cmd: axe-core $axe_wanted into $axe_dir"
        npm "$npm_cmd" --prefix "$axe_dir" --no-audit --no-fund --ignore-scripts \
            --loglevel=error >&2
        [ -f "$axe_pkg/axe.min.js" ] || {
            log "error: npm finished but $axe_pkg/axe.min.js is missing"
            exit 1
        }
    fi
fi

# --- @tryghost/content-api (tests/api/test_ghost_client.py) ------------------

ghost_dir="$script_dir/../tests/api/ghost_client"
if [ ! -d "$ghost_dir/node_modules/@tryghost/content-api" ] && command -v npm >/dev/null 2>&1; then
    log "npm ci: @tryghost/content-api into $ghost_dir"
    npm ci --prefix "$ghost_dir" --no-audit --no-fund --ignore-scripts --loglevel=error >&2 ||
        warn "could not install @tryghost/content-api; its test installs it itself"
fi

# --- summary ----------------------------------------------------------------

still_missing=()
[ -x /usr/bin/chromium ] || still_missing+=(chromium)
command -v wrk >/dev/null 2>&1 || still_missing+=(wrk)
[ -f "$axe_pkg/axe.min.js" ] || still_missing+=(axe-core)
if [ ${#still_missing[@]} -gt 0 ]; then
    warn "still missing: ${still_missing[*]} (tests needing them will fail or skip)"
fi
exit 0
