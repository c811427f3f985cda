"""Run wrk on a loopback URL with a Lua script that rotates over paths; parse its result."""

from __future__ import annotations

import json
import os
import resource
import shutil
import statistics
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

# done() prints one JSON line; the rest of wrk's human-readable report is ignored.
_LUA_TEMPLATE = """\
local paths = {%(paths)s}
local counter = 0

function setup(thread)
  thread:set("offset", counter)
  counter = counter + 1
end

function init(args)
  index = (offset or 0) * 7919
end

function request()
  index = index + 1
  return wrk.format("GET", paths[(index %% #paths) + 1])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests": %%d, "duration_us": %%d, "bytes": %%d, ' ..
    '"connect": %%d, "read": %%d, "write": %%d, "status": %%d, "timeout": %%d, ' ..
    '"lat_mean_us": %%.1f, "lat_p50_us": %%d, "lat_p90_us": %%d, "lat_p99_us": %%d, ' ..
    '"lat_max_us": %%d}\\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency.mean, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max))
end
"""


@dataclass(frozen=True)
class WrkResult:
    requests: int
    duration_s: float
    bytes: int
    errors: int  # socket errors plus non-2xx/3xx answers
    lat_p50_ms: float
    lat_p90_ms: float
    lat_p99_ms: float
    server_cpu_s: float = 0.0  # CPU time the server's processes used during the run
    client_cpu_s: float = 0.0  # CPU time wrk used

    @property
    def rps(self) -> float:
        return self.requests / self.duration_s if self.duration_s else 0.0

    @property
    def server_cpu_ms(self) -> float:
        """Server CPU milliseconds per request: steadier than req/s on a shared machine."""
        return self.server_cpu_s * 1000 / self.requests if self.requests else 0.0

    @property
    def projected_rps(self) -> float:
        """Requests per second if server and wrk had every CPU here to themselves."""
        per_request = (self.server_cpu_s + self.client_cpu_s) / max(self.requests, 1)
        return len(os.sched_getaffinity(0)) / per_request if per_request else 0.0


@dataclass(frozen=True)
class WrkOptions:
    threads: int = 1
    connections: int = 16
    timeout_s: int = 5


def write_script(path: Path, paths: Sequence[str]) -> Path:
    if not paths:
        raise ValueError("wrk needs at least one path")
    quoted = ",\n".join(json.dumps(p) for p in paths)  # JSON strings are valid Lua strings here
    path.write_text(_LUA_TEMPLATE % {"paths": quoted}, encoding="utf-8")
    return path


def wrk_binary() -> str:
    found = shutil.which("wrk")
    if found is None:
        raise SystemExit("wrk is not installed (Debian package `wrk`)")
    return found


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(
    base_url: str,
    script: Path,
    duration_s: int,
    options: WrkOptions,
    server_cpu: Callable[[], float] | None = None,
) -> WrkResult:
    """One bounded wrk run; raises when wrk fails or prints no summary.

    ``server_cpu`` returns the server's CPU seconds so far; read before and after the run.
    """
    if not base_url.startswith(("http://127.", "http://localhost", "http://[::1]")):
        raise ValueError(f"refusing to load a non-loopback address: {base_url}")
    command = [
        wrk_binary(),
        f"--threads={options.threads}",
        f"--connections={options.connections}",
        f"--duration={duration_s}s",
        f"--timeout={options.timeout_s}s",
        f"--script={script}",
        base_url,
    ]
    server_before = server_cpu() if server_cpu else 0.0
    client_before = _children_cpu()
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=duration_s + 60, check=False
    )
    client = _children_cpu() - client_before
    server = server_cpu() - server_before if server_cpu else 0.0
    for line in done.stdout.splitlines():
        if line.startswith("WRKJSON "):
            raw = json.loads(line.removeprefix("WRKJSON "))
            return _parse(raw, server_cpu_s=server, client_cpu_s=client)
    raise RuntimeError(f"wrk failed ({done.returncode}): {done.stderr.strip() or done.stdout}")


def _parse(raw: dict[str, float], *, server_cpu_s: float, client_cpu_s: float) -> WrkResult:
    errors = sum(int(raw[k]) for k in ("connect", "read", "write", "status", "timeout"))
    return WrkResult(
        requests=int(raw["requests"]),
        duration_s=raw["duration_us"] / 1e6,
        bytes=int(raw["bytes"]),
        errors=errors,
        lat_p50_ms=raw["lat_p50_us"] / 1000,
        lat_p90_ms=raw["lat_p90_us"] / 1000,
        lat_p99_ms=raw["lat_p99_us"] / 1000,
        server_cpu_s=server_cpu_s,
        client_cpu_s=client_cpu_s,
    )


@dataclass(frozen=True)
class Summary:
    runs: int
    rps: float
    rps_min: float
    rps_max: float
    lat_p50_ms: float
    lat_p99_ms: float
    errors: int
    server_cpu_ms: float
    projected_rps: float


def summarize(results: Sequence[WrkResult]) -> Summary:
    """Medians over repeated runs; the spread is kept to show how noisy the machine was."""
    rates = [r.rps for r in results]
    return Summary(
        runs=len(results),
        rps=statistics.median(rates),
        rps_min=min(rates),
        rps_max=max(rates),
        lat_p50_ms=statistics.median(r.lat_p50_ms for r in results),
        lat_p99_ms=statistics.median(r.lat_p99_ms for r in results),
        errors=sum(r.errors for r in results),
        server_cpu_ms=statistics.median(r.server_cpu_ms for r in results),
        projected_rps=statistics.median(r.projected_rps for r in results),
    )
