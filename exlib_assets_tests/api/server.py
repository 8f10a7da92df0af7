"""The API served over real HTTP on 127.0.0.1, in a thread of the test process, and a client for it."""

import socket
import threading
import time
from dataclasses import dataclass

import httpx
import uvicorn

from exlib_assets.api.app import create_app

FINISHED = ("completed", "failed", "canceled")


@dataclass
class ApiServer:
    """A running service; `stop()` waits for the runs it started, as a shutdown does."""

    base_url: str
    server: uvicorn.Server
    thread: threading.Thread

    def client(self, token: str | None = None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.Client(base_url=self.base_url, headers=headers, timeout=60)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=180)
        assert not self.thread.is_alive(), "the API did not stop within 180 s"


def start_server(**options) -> ApiServer:
    """Serve a new app (`create_app(**options)`) on a free port of 127.0.0.1; returns once it answers."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(**options), log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, name=f"exlib-api-{port}")
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            raise RuntimeError("the API did not start; see the log above")
        time.sleep(0.02)
    return ApiServer(f"http://127.0.0.1:{port}", server, thread)


def wait_for_run(client: httpx.Client, course: str, run_id: str, timeout: float = 90) -> dict:
    """Poll the run's status until it has finished; returns the last status body."""
    deadline = time.monotonic() + timeout
    while True:
        response = client.get(f"/api/v1/courses/{course}/deployment-status/{run_id}")
        assert response.status_code == 200, response.text
        body = response.json()
        if body["status"] in FINISHED:
            return body
        assert time.monotonic() < deadline, f"run {run_id} still {body['status']} after {timeout} s"
        time.sleep(0.1)
