"""A real dagster-webserver on 127.0.0.1 (a free port) over the bench home, for runs launched
through Dagster's GraphQL API; stopped by its process id when done."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.environment import BenchHome

PROJECT = Path(__file__).resolve().parents[1]
READY_TIMEOUT_S = 180
LOCATION = "exlib"
WORKSPACE_QUERY = """
{ workspaceOrError { __typename ... on Workspace { locationEntries {
    name loadStatus locationOrLoadError { __typename ... on PythonError { message } } } } } }
"""


@dataclass(frozen=True)
class Webserver:
    host: str
    port: int
    pid: int
    # Seconds from starting the process until the code location was loaded.
    startup_seconds: float


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def running_webserver(
    home: BenchHome, log: Path, workspace: Path = PROJECT / "workspace.yaml", locations: tuple[str, ...] = (LOCATION,)
) -> Iterator[Webserver]:
    """dagster-webserver on `workspace` (the project's workspace.yaml unless told), with
    DAGSTER_HOME and EXLIB_HOME of `home`, ready once every one of `locations` is loaded; its
    output goes to `log`."""
    port = free_port()
    command = [sys.executable, "-m", "dagster_webserver", "-h", "127.0.0.1", "-p", str(port), "-w", str(workspace)]
    start = time.perf_counter()
    with open(log, "wb") as output:
        # A session of its own, so the code server it starts can be stopped with it.
        process = subprocess.Popen(
            command,
            cwd=PROJECT,
            env=home.environment(),
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        for location in locations:
            _wait_until_loaded(port, process, log, location)
        yield Webserver("127.0.0.1", port, process.pid, time.perf_counter() - start)
    finally:
        _stop(process)


def _wait_until_loaded(port: int, process: subprocess.Popen, log: Path, location: str) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"dagster-webserver exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        entries = _location_entries(port)
        entry = next((e for e in entries if e["name"] == location), None)
        if entry and entry["loadStatus"] == "LOADED":
            loaded = entry["locationOrLoadError"]
            if loaded["__typename"] != "RepositoryLocation":
                raise RuntimeError(f"code location {location} did not load: {loaded.get('message')}")
            return
        time.sleep(0.1)
    raise RuntimeError(f"dagster-webserver did not load {location} within {READY_TIMEOUT_S} s; see {log}")


def graphql(server: Webserver, query: str, variables: dict | None = None) -> dict:
    """The `data` of one GraphQL request to `server`; an error answer is raised, not returned."""
    request = urllib.request.Request(
        f"http://{server.host}:{server.port}/graphql",
        data=json.dumps({"query": query, "variables": variables or {}}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=600) as response:
        answer = json.load(response)
    if answer.get("errors"):
        raise RuntimeError(f"GraphQL answered with errors: {answer['errors']}")
    return answer["data"]


def _location_entries(port: int) -> list[dict]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/graphql",
        data=json.dumps({"query": WORKSPACE_QUERY}).encode(),
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            answer = json.load(response)
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return []  # not listening yet
    workspace = (answer.get("data") or {}).get("workspaceOrError") or {}
    return workspace.get("locationEntries") or []


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    # The code server the webserver started is in the same session: stop any that outlived it.
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        pass
