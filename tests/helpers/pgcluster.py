"""A throwaway PostgreSQL cluster in a directory: initdb, start, stop (any mode), remove.

Used by `.ci/run` (``python tests/helpers/pgcluster.py start DIR`` prints a DSN; ``stop DIR``)
and by the fault tests, which stop their own cluster with ``pg_ctl stop -m immediate``. The
server binaries are found on ``PATH`` or under ``/usr/lib/postgresql/*/bin``. ``initdb``
refuses to run as root: as root the cluster runs as the ``postgres`` user (``runuser``),
which Debian's package creates. The server listens on 127.0.0.1 at a free port, trusts
local connections, and its superuser is ``postgres``.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import NoReturn

__all__ = ["Cluster", "find_bin", "fresh_schema", "suite_dsn"]


def find_bin(name: str) -> str | None:
    """The path of PostgreSQL's server program `name`, or None when it is not installed."""
    for candidate in sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True):
        return candidate
    return shutil.which(name)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class Cluster:
    """A cluster whose data lives in ``directory/data`` (created by `init`)."""

    def __init__(self, directory: str | os.PathLike[str]) -> None:
        self.directory = Path(directory)
        self.data = self.directory / "data"
        self.log = self.directory / "server.log"
        port_file = self.directory / "port"
        self.port = int(port_file.read_text()) if port_file.exists() else _free_port()

    @property
    def dsn(self) -> str:
        """The superuser's DSN."""
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        command = list(args)
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, check=check, capture_output=True, text=True)

    def init(self) -> Cluster:
        """Create the data directory with ``initdb`` (as ``postgres`` when run as root)."""
        initdb = find_bin("initdb")
        if initdb is None:
            raise RuntimeError("PostgreSQL is not installed (no initdb)")
        self.directory.mkdir(parents=True, exist_ok=True)
        (self.directory / "port").write_text(str(self.port))
        if os.geteuid() == 0:
            shutil.chown(self.directory, "postgres", "postgres")
        self._run(initdb, "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8")
        return self

    def start(self, timeout: float = 30.0, *, durable: bool = True) -> Cluster:
        """Start the server and wait until it accepts connections; not `durable`: without
        fsync (for a test suite's server, never for the fault tests)."""
        pg_ctl = find_bin("pg_ctl")
        assert pg_ctl is not None
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.data}"
            f" -c max_connections=200 -c fsync={'on' if durable else 'off'}"
            f" -c synchronous_commit={'on' if durable else 'off'}"
        )
        self._run(pg_ctl, "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            ready = find_bin("pg_isready")
            if ready is None or self._run(ready, "-h", "127.0.0.1", "-p", str(self.port),
                                          check=False).returncode == 0:  # fmt: skip
                return self
            time.sleep(0.1)
        raise RuntimeError(f"the server did not start: {self.log.read_text()[-2000:]}")

    def stop(self, mode: str = "fast") -> None:
        """Stop the server (``fast``, ``smart`` or ``immediate``: a crash without clean-up)."""
        pg_ctl = find_bin("pg_ctl")
        assert pg_ctl is not None
        self._run(pg_ctl, "-D", str(self.data), "-m", mode, "-w", "stop", check=False)

    def remove(self) -> None:
        """Stop the server and delete the directory."""
        self.stop("immediate")
        shutil.rmtree(self.directory, ignore_errors=True)


_SUITE: list[str] = []


def suite_dsn() -> str:
    """The DSN of the server the tests use: ``TIMELINE_TEST_PG`` when set; else a throwaway
    cluster started for this process (removed at exit) when PostgreSQL is installed.

    Without a reachable server the PostgreSQL tests are skipped, with the reason, unless
    ``CI`` is set: in CI they must run, so there it is a failure.
    """
    import atexit
    import tempfile

    import pytest

    def unavailable(reason: str) -> NoReturn:
        if os.environ.get("CI"):
            pytest.fail(f"CI is set but {reason}: .ci/run must start a server", pytrace=False)
        pytest.skip(f"no PostgreSQL server: {reason} (set TIMELINE_TEST_PG to a DSN)")

    try:
        import psycopg
    except ImportError:
        unavailable("psycopg is not installed (pip install -e '.[postgres]')")
    if not _SUITE:
        dsn = os.environ.get("TIMELINE_TEST_PG")
        if not dsn:
            if find_bin("initdb") is None:
                unavailable("TIMELINE_TEST_PG is not set and initdb is not installed")
            cluster = Cluster(tempfile.mkdtemp(prefix="timeline-pg-"))
            try:
                cluster.init().start(durable=False)
            except (RuntimeError, subprocess.CalledProcessError) as exc:
                unavailable(f"a throwaway cluster did not start ({exc})")
            atexit.register(cluster.remove)
            dsn = cluster.dsn
        _SUITE.append(dsn)
    try:
        psycopg.connect(_SUITE[0], connect_timeout=5).close()
    except psycopg.Error as exc:
        unavailable(f"{_SUITE[0]} is not reachable ({exc})")
    return _SUITE[0]


def fresh_schema() -> str:
    """A schema name no other log of this run uses."""
    import uuid

    return f"t_{uuid.uuid4().hex[:16]}"


def main(argv: list[str]) -> int:
    """``start DIR`` (initdb when new, start without fsync, print the DSN) or ``stop DIR``."""
    command, directory = argv
    cluster = Cluster(directory)
    if command == "start":
        if not cluster.data.exists():
            cluster.init()
        cluster.start(durable=False)
        print(cluster.dsn)
    elif command == "stop":
        cluster.stop("fast")
    else:
        raise SystemExit(f"unknown command {command!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
