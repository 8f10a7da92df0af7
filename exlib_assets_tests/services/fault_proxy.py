"""An HTTP proxy on 127.0.0.1 that breaks on request: in front of the test S3 endpoint, it
answers 503 or stalls (a timeout) for the next N requests, or for all, and otherwise passes
every request through unchanged."""

from __future__ import annotations

import http.client
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from exlib_assets_tests.services import Service

SLOW_DOWN = (
    b'<?xml version="1.0" encoding="UTF-8"?><Error><Code>ServiceUnavailable</Code>'
    b"<Message>injected by the fault proxy</Message></Error>"
)


class FaultProxy(Service):
    """``with FaultProxy(upstream) as proxy:`` then ``proxy.fail(...)``; point clients at ``proxy.url``."""

    def __init__(self, upstream: str) -> None:
        target = urlsplit(upstream)
        self._upstream = (target.hostname, target.port)
        self._lock = threading.Lock()
        self._mode: str | None = None
        self._left: int | None = None  # None: every request
        self._stall_s = 0.0
        self.requests = 0
        self.faults = 0
        self._server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def fail(self, mode: str, *, times: int | None = None, stall_s: float = 30.0) -> None:
        """From now on answer `mode` ("error": 503, "stall": no answer for `stall_s`) to the
        next `times` requests (None: all of them)."""
        assert mode in ("error", "stall")
        with self._lock:
            self._mode, self._left, self._stall_s = mode, times, stall_s

    def heal(self) -> None:
        with self._lock:
            self._mode, self._left = None, None

    def _take_fault(self) -> tuple[str | None, float]:
        with self._lock:
            self.requests += 1
            if self._mode is None or self._left == 0:
                return None, 0.0
            if self._left is not None:
                self._left -= 1
            self.faults += 1
            return self._mode, self._stall_s

    def start(self) -> FaultProxy:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def _handle(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                mode, stall_s = proxy._take_fault()
                if mode == "stall":
                    time.sleep(stall_s)
                    self.close_connection = True
                    return
                if mode == "error":
                    self.send_response(503)
                    self.send_header("Content-Type", "application/xml")
                    self.send_header("Content-Length", str(len(SLOW_DOWN)))
                    self.end_headers()
                    self.wfile.write(SLOW_DOWN)
                    return
                upstream = http.client.HTTPConnection(*proxy._upstream, timeout=30)
                try:
                    headers = {k: v for k, v in self.headers.items() if k.lower() != "connection"}
                    upstream.request(self.command, self.path, body=body, headers=headers)
                    answer = upstream.getresponse()
                    data = answer.read()
                finally:
                    upstream.close()
                self.send_response(answer.status)
                for name, value in answer.getheaders():
                    if name.lower() not in ("content-length", "connection", "transfer-encoding", "server", "date"):
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(data)

            do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = _handle

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
