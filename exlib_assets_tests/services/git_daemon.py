"""A throwaway `git daemon` on 127.0.0.1 serving (and accepting pushes to) the bare repositories in a folder."""

from __future__ import annotations

import socket
import subprocess
import time
from pathlib import Path

from exlib_assets_tests.services import Service
from exlib_assets_tests.services.postgres import free_port

START_TIMEOUT_S = 10
START_ATTEMPTS = 3


class GitDaemonError(RuntimeError):
    pass


class GitDaemon(Service):
    """`git daemon` over ROOT: ``start()``/``stop()`` or ``with GitDaemon(root) as daemon:``."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root).absolute()
        self.port: int | None = None
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        if self.port is None:
            raise GitDaemonError("GitDaemon is not running; call start() first")
        return f"git://127.0.0.1:{self.port}/"

    def start(self) -> GitDaemon:
        if self._process is not None:
            raise GitDaemonError("GitDaemon.start() called twice; call stop() first")
        # A free port can be taken between choosing and binding it; a daemon that exits early gets another.
        for _ in range(START_ATTEMPTS):
            port = free_port()
            process = subprocess.Popen(
                [
                    # git-daemon itself, not `git daemon`: the `git` wrapper runs it as a child, so
                    # stopping the wrapper left the listener alive on the port for a while.
                    _daemon_program(),
                    "--reuseaddr",
                    f"--base-path={self.root}",
                    "--export-all",
                    "--enable=receive-pack",
                    "--listen=127.0.0.1",
                    f"--port={port}",
                    str(self.root),
                ],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            if _wait_until_listening(process, port):
                self._process, self.port = process, port
                return self
            _end(process)
        raise GitDaemonError(f"git daemon did not start on 127.0.0.1 after {START_ATTEMPTS} attempts")

    def stop(self) -> None:
        if self._process is None:
            return
        try:
            _end(self._process)
        finally:
            self._process, self.port = None, None


def _wait_until_listening(process: subprocess.Popen[bytes], port: int) -> bool:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return True
        except OSError:
            time.sleep(0.05)
    return False


def _end(process: subprocess.Popen[bytes]) -> None:
    """Terminate the daemon we started (by its PID) and wait for it; kill it if it lingers."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _daemon_program() -> str:
    exec_path = subprocess.run(["git", "--exec-path"], capture_output=True, text=True, check=True).stdout.strip()
    return str(Path(exec_path) / "git-daemon")
