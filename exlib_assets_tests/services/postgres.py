"""A private, disposable PostgreSQL server for tests.

Each ``PostgresServer`` runs ``initdb`` into its own temporary directory and
serves on a free 127.0.0.1 port, with its unix socket inside that directory,
so it never touches a system cluster, /var/run/postgresql or port 5432.
PostgreSQL refuses to run as root, so when we are root the server runs as
the ``postgres`` user (or a ``exlib-pg`` system user we create).
"""

from __future__ import annotations

import glob
import os
import pwd
import re
import shlex
import shutil
import signal
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg2
from psycopg2 import errors as pg_errors
from psycopg2 import sql

from exlib_assets_tests.services import Service

INSTALL_HINT = "install them with: apt-get install postgresql postgresql-contrib"
FALLBACK_USER = "exlib-pg"
START_TIMEOUT_S = 60
LOG_TAIL_LINES = 40

# Durability buys nothing for throwaway test data and costs seconds per run.
_FAST_SETTINGS = ("fsync=off", "synchronous_commit=off", "full_page_writes=off")


class PostgresServerError(RuntimeError):
    pass


def free_port() -> int:
    """A port that was free a moment ago on 127.0.0.1 (callers retry on a race)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def find_bindir() -> Path:
    """The directory holding ``initdb``, ``pg_ctl`` and ``postgres``."""
    candidates: list[Path] = []
    pg_config = shutil.which("pg_config")
    if pg_config:
        result = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True)
        if result.returncode == 0:
            candidates.append(Path(result.stdout.strip()))
    # Debian keeps server binaries off PATH, and pg_config may come from a
    # client-only libpq-dev, so also look at every installed major version, newest first.
    versioned = glob.glob("/usr/lib/postgresql/*/bin")
    versioned.sort(key=lambda p: [int(n) for n in re.findall(r"\d+", p)], reverse=True)
    candidates += [Path(p) for p in versioned]
    for bindir in candidates:
        if all((bindir / name).is_file() for name in ("initdb", "pg_ctl", "postgres")):
            return bindir
    looked = ", ".join(str(c) for c in candidates) or "nowhere (no pg_config, no /usr/lib/postgresql/*/bin)"
    raise PostgresServerError(
        f"PostgreSQL server binaries (initdb, pg_ctl, postgres) not found; looked in {looked}; {INSTALL_HINT}"
    )


def _server_user() -> pwd.struct_passwd:
    """The OS account the server runs as: ourselves, unless we are root."""
    if os.geteuid() != 0:
        return pwd.getpwuid(os.geteuid())
    for name in ("postgres", FALLBACK_USER):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    result = subprocess.run(
        ["useradd", "--system", "--user-group", "--no-create-home", FALLBACK_USER],
        capture_output=True,
        text=True,
    )
    try:
        # Looked up again even on failure: a parallel session may have just created it.
        return pwd.getpwnam(FALLBACK_USER)
    except KeyError:
        raise PostgresServerError(
            f"running as root, no 'postgres' user, and `useradd --system {FALLBACK_USER}` failed "
            f"(exit {result.returncode}): {result.stderr.strip()}; create a non-root user for PostgreSQL"
        ) from None


def _tail(path: Path, lines: int = LOG_TAIL_LINES) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except FileNotFoundError:
        return "(no server log was written)"


class PostgresServer(Service):
    """A throwaway PostgreSQL cluster: ``start()``/``stop()`` or ``with PostgresServer() as pg:``."""

    def __init__(self) -> None:
        self.bindir = find_bindir()
        self.user = _server_user()
        self.host = "127.0.0.1"
        self.port: int | None = None
        self.pid: int | None = None
        self._tmp: Path | None = None

    # -- lifecycle ---------------------------------------------------------

    def start(self) -> PostgresServer:
        if self._tmp is not None:
            raise PostgresServerError("PostgresServer.start() called twice; call stop() first")
        self._tmp = Path(tempfile.mkdtemp(prefix="exlib-pg-"))
        try:
            os.chown(self._tmp, self.user.pw_uid, self.user.pw_gid)
            self._initdb()
            self._start_with_retry()
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        if self._tmp is None:
            return
        try:
            # Keyed on postmaster.pid rather than self.pid: a start that timed out
            # may still have left a running server behind.
            pid = self._postmaster_pid()
            if pid is not None:
                result = self._run(self._pg_ctl("stop", "-m", "fast", "-w", "-t", "30"))
                if result.returncode != 0:
                    # SIGQUIT is PostgreSQL's "immediate shutdown"; sent only to the postmaster we started.
                    try:
                        os.kill(pid, signal.SIGQUIT)
                    except ProcessLookupError:
                        pass
        finally:
            self.pid = None
            self.port = None
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None

    # -- databases ---------------------------------------------------------

    @property
    def admin_url(self) -> str:
        return self.url("postgres")

    def url(self, database: str) -> str:
        """SQLAlchemy URL for ``database`` (trust auth: no password)."""
        self._require_running()
        return f"postgresql+psycopg2://{self.user.pw_name}@{self.host}:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        """Create ``name`` with the ``ltree`` extension installed; returns its SQLAlchemy URL."""
        with self._cursor("postgres") as cur:
            cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        try:
            with self._cursor(name) as cur:
                cur.execute("CREATE EXTENSION IF NOT EXISTS ltree")
        except pg_errors.UndefinedFile as exc:
            self.drop_database(name)
            raise PostgresServerError(
                f"the ltree extension is not installed ({exc.pgerror.strip()}); {INSTALL_HINT}"
            ) from exc
        return self.url(name)

    def create_database_from(self, name: str, template: str) -> str:
        """Create ``name`` as a copy of the database ``template`` (nobody may be connected to it)."""
        with self._cursor("postgres") as cur:
            statement = sql.SQL("CREATE DATABASE {} TEMPLATE {}")
            cur.execute(statement.format(sql.Identifier(name), sql.Identifier(template)))
        return self.url(name)

    def drop_database(self, name: str) -> None:
        # FORCE: tests often leave pooled SQLAlchemy connections open, which
        # would otherwise make DROP DATABASE fail with "is being accessed by other users".
        with self._cursor("postgres") as cur:
            cur.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))

    # -- internals ---------------------------------------------------------

    @property
    def _data(self) -> Path:
        assert self._tmp is not None
        return self._tmp / "data"

    @property
    def _log(self) -> Path:
        assert self._tmp is not None
        return self._tmp / "server.log"

    def _require_running(self) -> None:
        if self.pid is None:
            raise PostgresServerError("PostgresServer is not running; call start() first")

    @contextmanager
    def _cursor(self, database: str) -> Iterator[psycopg2.extensions.cursor]:
        self._require_running()
        # Not `with psycopg2.connect()`: that only ends the transaction, it never closes.
        conn = psycopg2.connect(host=self.host, port=self.port, user=self.user.pw_name, dbname=database)
        try:
            # CREATE/DROP DATABASE cannot run inside a transaction block.
            conn.autocommit = True
            with conn.cursor() as cur:
                yield cur
        finally:
            conn.close()

    def _run(self, args: list[str]) -> subprocess.CompletedProcess[str]:
        as_other_user = self.user.pw_uid != os.geteuid()
        return subprocess.run(
            args,
            capture_output=True,
            text=True,
            # Our own cwd may be unreadable for the server user (e.g. a checkout under /root).
            cwd=self._tmp,
            user=self.user.pw_uid if as_other_user else None,
            group=self.user.pw_gid if as_other_user else None,
            extra_groups=[] if as_other_user else None,
        )

    def _pg_ctl(self, *args: str) -> list[str]:
        return [str(self.bindir / "pg_ctl"), "-D", str(self._data), *args]

    def _initdb(self) -> None:
        result = self._run(
            [
                str(self.bindir / "initdb"),
                "-D",
                str(self._data),
                "-U",
                self.user.pw_name,
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--no-locale",
                "--no-sync",
            ]
        )
        if result.returncode != 0:
            raise PostgresServerError(
                f"initdb failed as user {self.user.pw_name!r} (exit {result.returncode}); the temp dir "
                f"{self._tmp} must be reachable by that user (check TMPDIR):\n{result.stdout}{result.stderr}"
            )
        # initdb's default also trusts ::1; the brief is 127.0.0.1 only.
        (self._data / "pg_hba.conf").write_text("local all all trust\nhost all all 127.0.0.1/32 trust\n")

    def _start_with_retry(self, attempts: int = 3) -> None:
        for attempt in range(1, attempts + 1):
            port = free_port()
            options = ["-h", self.host, "-p", str(port), "-k", str(self._tmp)]
            for setting in _FAST_SETTINGS:
                options += ["-c", setting]
            # pg_ctl hands -o to a shell, hence the quoting.
            result = self._run(
                self._pg_ctl("start", "-w", "-t", str(START_TIMEOUT_S), "-l", str(self._log), "-o", shlex.join(options))
            )
            if result.returncode == 0:
                self.port = port
                self.pid = self._postmaster_pid()
                return
            log = _tail(self._log)
            # Someone else may grab the port between free_port() and the bind.
            if "Address already in use" in log and attempt < attempts:
                self._log.unlink(missing_ok=True)
                continue
            raise PostgresServerError(
                f"pg_ctl start failed (exit {result.returncode}) on {self.host}:{port}:\n"
                f"{result.stdout}{result.stderr}\n--- last lines of the server log ---\n{log}"
            )

    def _postmaster_pid(self) -> int | None:
        try:
            return int((self._data / "postmaster.pid").read_text().split()[0])
        except (FileNotFoundError, IndexError, ValueError):
            return None
