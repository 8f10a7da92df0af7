"""Dagster's production services as processes on 127.0.0.1: the exlib code server, the
webserver and the daemon, with the production dagster.yaml and workspace.yaml."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from exlib_assets_tests.services.postgres import free_port

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
START_TIMEOUT_S = 90


class ServiceFailed(RuntimeError):
    pass


class DagsterServices:
    """Starts the three services with `env` (plus the instance in `home`); stops them by PID."""

    def __init__(self, home: Path, env: dict[str, str]):
        self.home = home
        self.code_port = free_port()
        self.web_port = free_port()
        self.env = {
            **env,
            "DAGSTER_HOME": str(home),
            "EXLIB_CODE_SERVER_HOST": "127.0.0.1",
            "EXLIB_CODE_SERVER_PORT": str(self.code_port),
        }
        self._processes: dict[str, subprocess.Popen] = {}

    def start(self) -> DagsterServices:
        self.home.mkdir(parents=True, exist_ok=True)
        for name in ("dagster.yaml", "workspace.yaml"):
            shutil.copyfile(ROOT / "deploy" / name, self.home / name)
        workspace = str(self.home / "workspace.yaml")
        self._spawn(
            "code-server",
            ["dagster", "code-server", "start", "-h", "127.0.0.1", "-p", str(self.code_port)]
            + ["-m", "exlib_assets.definitions", "--location-name", "exlib"],
        )
        self._wait("code-server", self._code_server_healthy)
        self._spawn("webserver", ["dagster-webserver", "-h", "127.0.0.1", "-p", str(self.web_port), "-w", workspace])
        self._spawn("daemon", ["dagster-daemon", "run", "-w", workspace])
        self._wait("webserver", self._webserver_healthy)
        return self

    def stop(self) -> None:
        for process in self._processes.values():
            # Each service leads its own process group: run workers and daemon threads go with it.
            _signal_group(process, signal.SIGTERM)
        deadline = time.monotonic() + 20
        for process in self._processes.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                _signal_group(process, signal.SIGKILL)
                process.wait()
        self._processes.clear()

    def log(self, name: str) -> str:
        path = self.home / f"{name}.log"
        return "\n".join(path.read_text(errors="replace").splitlines()[-40:]) if path.exists() else ""

    def logs(self) -> str:
        return "\n\n".join(f"--- {name} ---\n{self.log(name)}" for name in self._processes)

    def __enter__(self) -> DagsterServices:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    def _spawn(self, name: str, command: list[str]) -> None:
        log = open(self.home / f"{name}.log", "wb")  # noqa: SIM115 - the process writes it until stopped
        self._processes[name] = subprocess.Popen(
            [str(BIN / command[0]), *command[1:]],
            env=self.env,
            cwd=self.home,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()

    def _wait(self, name: str, healthy) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            for process_name, process in self._processes.items():
                if process.poll() is not None:
                    raise ServiceFailed(f"{process_name} exited with {process.returncode}:\n{self.log(process_name)}")
            if healthy():
                return
            time.sleep(0.5)
        raise ServiceFailed(f"{name} was not healthy after {START_TIMEOUT_S} s:\n{self.logs()}")

    def _code_server_healthy(self) -> bool:
        check = [str(BIN / "dagster"), "api", "grpc-health-check", "-p", str(self.code_port)]
        return subprocess.run(check, env=self.env, capture_output=True).returncode == 0

    def _webserver_healthy(self) -> bool:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.web_port}/server_info", timeout=2) as response:
                return response.status == 200
        except OSError:
            return False


def _signal_group(process: subprocess.Popen, number: int) -> None:
    try:
        os.killpg(process.pid, number)
    except ProcessLookupError:
        pass
