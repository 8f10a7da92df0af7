"""dagster-webserver on 127.0.0.1 (a free port) over the project's workspace.yaml, as its own
process; stopped by its process id."""

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

PROJECT = Path(__file__).resolve().parents[2]
LOCATION = "exlib"
READY_TIMEOUT_S = 120
WORKSPACE_QUERY = """
{ workspaceOrError { ... on Workspace { locationEntries {
    name loadStatus locationOrLoadError { __typename ... on PythonError { message } } } } } }
"""


@dataclass(frozen=True)
class Webserver:
    url: str
    process: subprocess.Popen
    log: Path

    def graphql(self, query: str, **variables) -> dict:
        response = httpx.post(f"{self.url}/graphql", json={"query": query, "variables": variables}, timeout=30)
        response.raise_for_status()
        body = response.json()
        assert not body.get("errors"), body["errors"]
        return body["data"]

    def wait_until_ready(self) -> None:
        """Until it answers /server_info and has loaded the code location."""
        deadline = time.monotonic() + READY_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"dagster-webserver exited with {self.process.returncode}:\n{self._log_tail()}")
            if self._location_loaded():
                return
            time.sleep(0.2)
        raise RuntimeError(
            f"dagster-webserver did not serve {LOCATION} within {READY_TIMEOUT_S} s:\n{self._log_tail()}"
        )

    def _location_loaded(self) -> bool:
        try:
            if not httpx.get(f"{self.url}/server_info", timeout=5).is_success:
                return False
            entries = self.graphql(WORKSPACE_QUERY)["workspaceOrError"]["locationEntries"]
        except httpx.TransportError:
            return False  # not listening yet
        entry = next((e for e in entries if e["name"] == LOCATION), None)
        if entry is None or entry["loadStatus"] != "LOADED":
            return False
        loaded = entry["locationOrLoadError"]
        assert loaded["__typename"] == "RepositoryLocation", f"code location {LOCATION} did not load: {loaded}"
        return True

    def _log_tail(self) -> str:
        return self.log.read_text(errors="replace")[-3000:]


@contextmanager
def running_webserver(environment: Mapping[str, str], log: Path) -> Iterator[Webserver]:
    """Start dagster-webserver with `environment` (its output goes to `log`) and stop it, with the
    code server and runs it started, afterwards. It is still starting when this yields: see
    `Webserver.wait_until_ready`."""
    port = free_port()
    command = [
        sys.executable, "-m", "dagster_webserver",
        "-h", "127.0.0.1", "-p", str(port), "-w", str(PROJECT / "workspace.yaml"),
    ]  # fmt: skip
    with open(log, "wb") as output:
        # A session of its own, so what it starts can be stopped with it.
        process = subprocess.Popen(
            command, cwd=PROJECT, env=dict(environment), stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        yield Webserver(f"http://127.0.0.1:{port}", process, log)
    finally:
        _stop(process)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    # Its session's process group has its process id: stop whatever it started that outlived it.
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        pass
