#!/usr/bin/env python3
"""Run a command against a throwaway PostgreSQL cluster.

Command line::

    python scripts/pgcluster.py [--quiet] -- CMD [ARGS...]

starts a private PostgreSQL server (fresh data directory in a temp dir,
listening on 127.0.0.1 and a free port only), creates the database
``newsdesk`` owned by the superuser role ``newsdesk`` (trust auth, so Django's
test runner may CREATE DATABASE ``test_newsdesk``), runs CMD with::

    NEWSDESK_DATABASE_URL=postgres://newsdesk@127.0.0.1:PORT/newsdesk

(plus PGHOST/PGPORT/PGUSER/PGDATABASE, so a bare `psql` works too)

then stops the server and deletes the temp dir whatever happens (normal exit,
failure, Ctrl-C, SIGTERM, SIGHUP) and exits with CMD's exit code (128+N when
CMD was killed by signal N, 127 when CMD cannot be found).

Library use (e.g. a session-scoped pytest fixture)::

    from pgcluster import throwaway_cluster

    with throwaway_cluster() as url:
        ...

Binaries are looked up with ``pg_config --bindir``, then in
/usr/lib/postgresql/*/bin (highest version), then on PATH; when none are found
and we run as root, ``apt-get install -y postgresql`` is run.  initdb refuses
to run as root, so as root the server tools run as the ``postgres`` system user
(or ``newsdesk-pg``, created on demand, when there is no ``postgres`` user).

Standard library only; Linux/Unix only.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import IO, NoReturn

DB_NAME = "newsdesk"
DB_USER = "newsdesk"
HOST = "127.0.0.1"
URL_ENV_VAR = "NEWSDESK_DATABASE_URL"

READY_TIMEOUT_S = 30.0
# How long a fast shutdown (SIGINT) may take before escalating to an
# immediate shutdown (SIGQUIT) and finally SIGKILL of the process group.
FAST_STOP_TIMEOUT_S = 15.0
IMMEDIATE_STOP_TIMEOUT_S = 5.0
# How long CMD gets to exit after a forwarded SIGTERM/SIGHUP before SIGKILL.
CHILD_GRACE_S = 10.0
# Attempts at starting the server when the chosen port is grabbed by someone
# else between picking it and the server binding it.
START_ATTEMPTS = 3
# Linux limit for a unix socket path (sun_path is 108 bytes incl. NUL).
MAX_SOCKET_PATH = 107
# Fallback system user for running the server as root without a `postgres` user.
FALLBACK_PG_USER = "newsdesk-pg"

# Performance-only settings: durability is pointless for a throwaway cluster.
SERVER_SETTINGS: dict[str, str] = {
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "logging_collector": "off",
    "max_connections": "100",
}

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


class PgClusterError(RuntimeError):
    """A cluster could not be set up; the message is one human-readable line
    (possibly followed by a server log excerpt)."""


def _log(msg: str, *, quiet: bool = False) -> None:
    if not quiet:
        print(f"pgcluster: {msg}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------
# Locating (or installing) the PostgreSQL binaries
# --------------------------------------------------------------------------

# Everything we run; all must live in one bin directory (or all on PATH).
_REQUIRED_TOOLS = ("initdb", "postgres", "pg_isready", "createdb")


def _has_tools(bindir: Path) -> bool:
    return all(os.access(bindir / tool, os.X_OK) for tool in _REQUIRED_TOOLS)


def _version_key(path: Path) -> tuple[int, ...]:
    """Sort key for /usr/lib/postgresql/<version>/bin ("15", "9.6", ...)."""
    return tuple(int(p) for p in re.findall(r"\d+", path.parent.name)) or (0,)


def find_bindir() -> Path | None:
    """Return a directory holding initdb, postgres, pg_isready and createdb."""
    # 1. pg_config --bindir.  On Debian /usr/bin/pg_config may come from
    #    libpq-dev alone and name a bin dir without a server, hence the check.
    pg_config = shutil.which("pg_config")
    if pg_config:
        try:
            out = subprocess.run(
                [pg_config, "--bindir"],
                capture_output=True,
                text=True,
                check=True,
                timeout=10,
            ).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            out = ""
        if out and _has_tools(Path(out)):
            return Path(out)
    # 2. Debian/Ubuntu layout, highest major version first.
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=_version_key, reverse=True)
    for bindir in candidates:
        if _has_tools(bindir):
            return bindir
    # 3. PATH (Homebrew, Nix, distro packages that put the server on PATH).
    initdb = shutil.which("initdb")
    if initdb:
        # Resolve symlinks (e.g. /usr/local/bin/initdb -> .../15/bin/initdb)
        # so that the sibling tools are found next to the real binary.
        for bindir in (Path(initdb).parent, Path(initdb).resolve().parent):
            if _has_tools(bindir):
                return bindir
    return None


def ensure_bindir(*, quiet: bool = False) -> Path:
    """find_bindir(), installing Debian's `postgresql` package as root."""
    bindir = find_bindir()
    if bindir is not None:
        return bindir
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        raise PgClusterError(
            "PostgreSQL server binaries (initdb, postgres) not found; install "
            "them, e.g. `sudo apt-get install -y postgresql`"
        )
    _log("PostgreSQL not found, installing it with apt-get ...", quiet=quiet)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    # apt's chatter goes to stderr so CMD's stdout stays clean.
    for cmd in (
        ["apt-get", "update"],
        ["apt-get", "install", "-y", "--no-install-recommends", "postgresql"],
    ):
        if subprocess.run(cmd, env=env, stdout=sys.stderr, check=False).returncode != 0:
            raise PgClusterError(f"`{' '.join(cmd)}` failed")
    bindir = find_bindir()
    if bindir is None:
        raise PgClusterError("installed `postgresql` but still cannot find initdb")
    return bindir


# --------------------------------------------------------------------------
# Running server tools as an unprivileged user
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class RunAs:
    """Credentials for the server tools; None fields mean "as ourselves"."""

    uid: int | None = None
    gid: int | None = None

    @property
    def extra_groups(self) -> list[int] | None:
        # [] drops root's supplementary groups when switching user.
        return None if self.uid is None else []


def _server_user(*, quiet: bool) -> RunAs:
    """Whom to run initdb/postgres as: ourselves unless we are root."""
    if os.geteuid() != 0:
        return RunAs()
    for name in ("postgres", FALLBACK_PG_USER):
        try:
            pw = pwd.getpwnam(name)
            return RunAs(pw.pw_uid, pw.pw_gid)
        except KeyError:
            pass
    _log(f"creating system user {FALLBACK_PG_USER} to run PostgreSQL", quiet=quiet)
    subprocess.run(
        [
            "useradd",
            "--system",
            "--user-group",
            "--no-create-home",
            "--home-dir",
            "/nonexistent",
            "--shell",
            "/usr/sbin/nologin",
            FALLBACK_PG_USER,
        ],
        stdout=sys.stderr,
        check=False,  # a concurrent run may have won
    )
    try:
        pw = pwd.getpwnam(FALLBACK_PG_USER)
    except KeyError:
        raise PgClusterError(f"could not create user {FALLBACK_PG_USER}") from None
    return RunAs(pw.pw_uid, pw.pw_gid)


def _world_traversable(directory: Path) -> bool:
    """Can another user reach files below `directory` (o+x on every level)?"""
    for part in (directory, *directory.parents):
        try:
            if not part.stat().st_mode & 0o001:
                return False
        except OSError:
            return False
    return True


# libc handle for prctl(), loaded now rather than in the forked child.
try:
    _LIBC: ctypes.CDLL | None = (
        ctypes.CDLL(None, use_errno=True) if sys.platform.startswith("linux") else None
    )
except OSError:
    _LIBC = None


def _set_parent_death_signal() -> None:
    """preexec_fn for the postmaster: ask the Linux kernel to send it SIGQUIT
    (immediate shutdown) should we die without cleaning up (e.g. SIGKILL).
    subprocess runs it after switching user, which would otherwise reset it.
    It only makes a foreign call, nothing that could deadlock after fork."""
    if _LIBC is not None:
        _LIBC.prctl(PR_SET_PDEATHSIG, signal.SIGQUIT, 0, 0, 0)


def _tool_env() -> dict[str, str]:
    """Our environment minus libpq/PG* variables that could redirect tools."""
    return {k: v for k, v in os.environ.items() if not k.startswith("PG")}


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


# --------------------------------------------------------------------------
# The cluster
# --------------------------------------------------------------------------


class Cluster:
    """A throwaway cluster.  start() then stop(); stop() is idempotent and
    cleans up whatever a partial or failed start() left behind."""

    def __init__(self, *, quiet: bool = True) -> None:
        self.quiet = quiet
        self.tmpdir: Path | None = None
        self.port: int | None = None
        self.server: subprocess.Popen[bytes] | None = None
        self._logfile: IO[bytes] | None = None
        self.startup_seconds: float | None = None

    @property
    def url(self) -> str:
        assert self.port is not None, "cluster not started"
        return f"postgres://{DB_USER}@{HOST}:{self.port}/{DB_NAME}"

    @property
    def logpath(self) -> Path:
        assert self.tmpdir is not None
        return self.tmpdir / "server.log"

    # -- start ------------------------------------------------------------

    def start(self) -> str:
        """Create and start the cluster; return its URL."""
        t0 = time.monotonic()
        bindir = ensure_bindir(quiet=self.quiet)
        run_as = _server_user(quiet=self.quiet)

        # The temp dir must be reachable by the server user when we are root.
        base = Path(tempfile.gettempdir())
        if run_as.uid is not None and not _world_traversable(base):
            base = Path("/tmp")
        self.tmpdir = Path(tempfile.mkdtemp(prefix="newsdesk-pg-", dir=base))
        datadir = self.tmpdir / "data"
        sockdir = self.tmpdir / "sock"
        sockdir.mkdir()
        if run_as.uid is not None:
            for p in (self.tmpdir, sockdir):
                os.chown(p, run_as.uid, run_as.gid if run_as.gid is not None else -1)

        self._initdb(bindir, run_as, datadir, sockdir)
        for attempt in range(1, START_ATTEMPTS + 1):
            self.port = _free_port()
            if self._start_server(bindir, run_as, datadir):
                break
            if attempt == START_ATTEMPTS or "could not bind" not in self._log_tail():
                raise PgClusterError(
                    "PostgreSQL server failed to start; server log tail:\n" + self._log_tail()
                )
            _log(f"port {self.port} was taken, retrying", quiet=self.quiet)

        self._run_tool(
            [str(bindir / "createdb"), "-h", HOST, "-p", str(self.port), "-U", DB_USER, DB_NAME],
            what="createdb",
        )
        self.startup_seconds = time.monotonic() - t0
        _log(
            f"PostgreSQL ({bindir}) ready on {HOST}:{self.port} in {self.startup_seconds:.1f}s",
            quiet=self.quiet,
        )
        return self.url

    def _run_tool(self, cmd: Sequence[str], *, what: str, run_as: RunAs = RunAs()) -> None:
        proc = subprocess.run(
            cmd,
            check=False,
            env=_tool_env(),
            cwd=self.tmpdir,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            user=run_as.uid,
            group=run_as.gid,
            extra_groups=run_as.extra_groups,
        )
        if proc.returncode != 0:
            raise PgClusterError(f"{what} failed (exit {proc.returncode}):\n" + proc.stdout.strip())

    def _initdb(self, bindir: Path, run_as: RunAs, datadir: Path, sockdir: Path) -> None:
        # The bootstrap superuser is named `newsdesk` directly: superuser
        # means it may CREATE DATABASE test_newsdesk.  --no-sync: speed.
        self._run_tool(
            [
                str(bindir / "initdb"),
                "-D",
                str(datadir),
                "-U",
                DB_USER,
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C",
                "--no-sync",
                "--no-instructions",
            ],
            what="initdb",
            run_as=run_as,
        )
        # Trust, but only over the private unix socket and 127.0.0.1
        # (initdb's default would also allow ::1 and replication).
        (datadir / "pg_hba.conf").write_text(
            "# written by scripts/pgcluster.py\n"
            "local all all trust\n"
            f"host  all all {HOST}/32 trust\n"
        )
        socket_path = sockdir / ".s.PGSQL.65535"
        # Very long TMPDIRs would overflow sun_path: go TCP-only then.
        socket_dirs = str(sockdir) if len(str(socket_path)) <= MAX_SOCKET_PATH else ""
        settings = {
            **SERVER_SETTINGS,
            "listen_addresses": HOST,
            "unix_socket_directories": socket_dirs,
        }
        with (datadir / "postgresql.conf").open("a") as conf:
            conf.write("\n# added by scripts/pgcluster.py\n")
            for key, value in settings.items():
                conf.write(f"{key} = '{value}'\n")

    def _start_server(self, bindir: Path, run_as: RunAs, datadir: Path) -> bool:
        """Start `postgres` and wait until it accepts connections.  Returns
        False if it exited during startup (caller inspects the log)."""
        assert self.port is not None
        if self._logfile is None:
            self._logfile = self.logpath.open("ab")
        # The postmaster runs directly as our child (rather than daemonized
        # via pg_ctl) so that we always know its pid.  start_new_session keeps
        # a terminal's Ctrl-C away from it: we shut it down ourselves, after
        # CMD has finished its own teardown.
        self.server = subprocess.Popen(
            [str(bindir / "postgres"), "-D", str(datadir), "-p", str(self.port)],
            env=_tool_env(),
            cwd=self.tmpdir,
            stdin=subprocess.DEVNULL,
            stdout=self._logfile,
            stderr=self._logfile,
            start_new_session=True,
            preexec_fn=_set_parent_death_signal,
            user=run_as.uid,
            group=run_as.gid,
            extra_groups=run_as.extra_groups,
        )
        deadline = time.monotonic() + READY_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.server.poll() is not None:
                self.server = None
                return False
            ready = subprocess.run(
                [
                    str(bindir / "pg_isready"),
                    "-q",
                    "-h",
                    HOST,
                    "-p",
                    str(self.port),
                    "-U",
                    DB_USER,
                    "-d",
                    "postgres",
                    "-t",
                    "2",
                ],
                env=_tool_env(),
                stdin=subprocess.DEVNULL,
                check=False,
            ).returncode
            if ready == 0:
                return True
            time.sleep(0.05)
        raise PgClusterError(
            f"PostgreSQL not ready after {READY_TIMEOUT_S:.0f}s; server log tail:\n"
            + self._log_tail()
        )

    def _log_tail(self, lines: int = 20) -> str:
        if self.tmpdir is None:
            return "(no server log)"
        try:
            text = self.logpath.read_text(errors="replace")
        except OSError:
            return "(no server log)"
        return "\n".join(text.splitlines()[-lines:]) or "(server log is empty)"

    # -- stop -------------------------------------------------------------

    def stop(self) -> None:
        """Stop the server (if running) and remove the temp dir.  Never
        raises for cleanup problems; reports them on stderr instead."""
        server, self.server = self.server, None
        if server is not None and server.poll() is None:
            self._shutdown(server)
        if self._logfile is not None:
            self._logfile.close()
            self._logfile = None
        tmpdir, self.tmpdir = self.tmpdir, None
        if tmpdir is not None:
            shutil.rmtree(tmpdir, ignore_errors=True)
            if tmpdir.exists():
                _log(f"warning: could not remove {tmpdir}")

    @staticmethod
    def _shutdown(server: subprocess.Popen[bytes]) -> None:
        # SIGINT = fast shutdown (disconnect clients, quick checkpoint: fsync
        # is off), then SIGQUIT = immediate shutdown, then SIGKILL the whole
        # process group (postmaster + backends share it: start_new_session).
        for sig, timeout in (
            (signal.SIGINT, FAST_STOP_TIMEOUT_S),
            (signal.SIGQUIT, IMMEDIATE_STOP_TIMEOUT_S),
        ):
            with contextlib.suppress(ProcessLookupError):
                server.send_signal(sig)
            try:
                server.wait(timeout=timeout)
                break
            except subprocess.TimeoutExpired:
                continue
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(server.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            server.wait(timeout=5)


_CLEANUP_SIGNALS = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}


@contextlib.contextmanager
def throwaway_cluster(*, quiet: bool = True) -> Iterator[str]:
    """Start a throwaway cluster, yield its URL, always tear it down.

    Teardown runs with SIGINT/SIGTERM/SIGHUP blocked so that a signal cannot
    interrupt it half-way; such signals are delivered right after.  Note that
    Python's default SIGTERM action kills the process without running any
    `finally`: install a handler (as main() does) if that matters to you.
    """
    cluster = Cluster(quiet=quiet)
    try:
        yield cluster.start()
    finally:
        old_mask = signal.pthread_sigmask(signal.SIG_BLOCK, _CLEANUP_SIGNALS)
        try:
            cluster.stop()
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, old_mask)


# --------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------


class _Terminated(BaseException):
    """Raised by the signal handler while no CMD is running (set-up phase)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def cluster_env(url: str) -> dict[str, str]:
    """Environment for CMD: the URL, plus the standard libpq variables so that
    plain `psql`, `pg_dump` ... reach the cluster too (they do not override
    anything spelled out in a URL, so Django is unaffected)."""
    port = url.rsplit(":", 1)[1].split("/", 1)[0]
    return {
        URL_ENV_VAR: url,
        "PGHOST": HOST,
        "PGPORT": port,
        "PGUSER": DB_USER,
        "PGDATABASE": DB_NAME,
    }


def _in_terminal_foreground() -> bool:
    """True if we are in the terminal's foreground process group, i.e. a
    Ctrl-C already reached CMD (which shares our group) directly."""
    for fd in (0, 1, 2):
        try:
            if os.isatty(fd):
                return os.tcgetpgrp(fd) == os.getpgrp()
        except OSError:
            continue
    return False


def _run_child(cmd: Sequence[str], env: dict[str, str]) -> int:
    """Run CMD, forwarding termination signals; return a shell-style code."""
    try:
        child = subprocess.Popen(cmd, env=env)
    except FileNotFoundError:
        print(f"pgcluster: {cmd[0]}: command not found", file=sys.stderr)
        return 127
    except PermissionError:
        print(f"pgcluster: {cmd[0]}: permission denied", file=sys.stderr)
        return 126

    kill_deadline: float | None = None

    def forward(signum: int, _frame: FrameType | None) -> None:
        nonlocal kill_deadline
        # A terminal Ctrl-C hits CMD by itself; don't deliver it twice.
        if signum != signal.SIGINT or not _in_terminal_foreground():
            with contextlib.suppress(ProcessLookupError):
                child.send_signal(signum)
        if signum != signal.SIGINT and kill_deadline is None:
            kill_deadline = time.monotonic() + CHILD_GRACE_S

    for sig in _CLEANUP_SIGNALS:
        signal.signal(sig, forward)
    while True:
        try:
            code = child.wait(timeout=0.2)
            break
        except subprocess.TimeoutExpired:
            if kill_deadline is not None and time.monotonic() > kill_deadline:
                print("pgcluster: command ignored the signal, killing it", file=sys.stderr)
                child.kill()
    return 128 - code if code < 0 else code


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="pgcluster.py",
        description="Run CMD with NEWSDESK_DATABASE_URL pointing at a "
        "throwaway PostgreSQL cluster.",
        usage="%(prog)s [-q] -- CMD [ARGS...]",
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress messages on stderr")
    parser.add_argument("command", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    cmd: list[str] = args.command
    if cmd and cmd[0] == "--":
        cmd = cmd[1:]
    if not cmd:
        parser.error("missing CMD (usage: pgcluster.py -- CMD [ARGS...])")

    # Until CMD runs, a termination signal aborts the set-up (with cleanup).
    def abort(signum: int, _frame: FrameType | None) -> NoReturn:
        raise _Terminated(signum)

    for sig in _CLEANUP_SIGNALS:
        signal.signal(sig, abort)
    try:
        with throwaway_cluster(quiet=args.quiet) as url:
            return _run_child(cmd, {**os.environ, **cluster_env(url)})
    except _Terminated as exc:
        return 128 + exc.signum
    except PgClusterError as exc:
        print(f"pgcluster: error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
