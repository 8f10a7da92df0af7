"""A throwaway smart-HTTP git server on 127.0.0.1: `git http-backend` behind HTTP basic auth.

It stands in for a git host that takes a token in the URL (as GitLab does over HTTPS): pushes
and fetches succeed with the right password, get 401 with a wrong one, and a pre-receive hook
can make the server reject pushes.
"""

from __future__ import annotations

import base64
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from exlib_assets_tests.repositories import git
from exlib_assets_tests.services import Service


class GitHttpServer(Service):
    """Serves the bare repositories under `root`; the password is `token`."""

    def __init__(self, root: Path, token: str, *, repository_tokens: dict[str, str] | None = None) -> None:
        self.root = Path(root).absolute()
        self.token = token
        # Repositories (paths under `root`, without `.git`) that accept only their own token, as
        # GitLab does for a project access token's project.
        self.repository_tokens = dict(repository_tokens or {})
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        assert self._server is not None, "GitHttpServer is not running; call start() first"
        return self._server.server_address[1]

    def url(self, password: str | None = None) -> str:
        """The base URL of the repositories, with `password` (default: the right one) as the token."""
        return f"http://oauth2:{password if password is not None else self.token}@127.0.0.1:{self.port}/"

    def create_repository(self, name: str) -> Path:
        bare = self.root / f"{name}.git"
        bare.parent.mkdir(parents=True, exist_ok=True)
        git("init", "-q", "--bare", "-b", "main", str(bare))
        git("config", "http.receivepack", "true", cwd=bare)
        return bare

    def reject_pushes(self, name: str, message: str) -> None:
        hook = self.root / f"{name}.git" / "hooks" / "pre-receive"
        hook.write_text(f"#!/bin/sh\necho '{message}' >&2\nexit 1\n")
        hook.chmod(0o755)

    def start(self) -> GitHttpServer:
        handler = type(
            "Handler",
            (_GitHandler,),
            {"root": self.root, "token": self.token, "repository_tokens": self.repository_tokens},
        )
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None


class _GitHandler(BaseHTTPRequestHandler):
    root: Path
    token: str
    repository_tokens: dict[str, str]

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        self._backend()

    def do_POST(self) -> None:  # noqa: N802
        self._backend()

    def log_message(self, *_args) -> None:  # keep test output clean
        pass

    def _authorized(self) -> bool:
        header = self.headers.get("Authorization", "")
        if not header.startswith("Basic "):
            return False
        _, _, password = base64.b64decode(header[6:]).decode().partition(":")
        repository = self.path.partition("?")[0].lstrip("/").partition(".git/")[0]
        return password == self.repository_tokens.get(repository, self.token)

    def _backend(self) -> None:
        if not self._authorized():
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="git"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        path, _, query = self.path.partition("?")
        env = {
            "GIT_PROJECT_ROOT": str(self.root),
            "GIT_HTTP_EXPORT_ALL": "1",
            "REQUEST_METHOD": self.command,
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "CONTENT_TYPE": self.headers.get("Content-Type", ""),
            "REMOTE_USER": "oauth2",
            "REMOTE_ADDR": "127.0.0.1",
            "HTTP_CONTENT_ENCODING": self.headers.get("Content-Encoding", ""),
            "GIT_PROTOCOL": self.headers.get("Git-Protocol", ""),
            "PATH": "/usr/bin:/bin",
        }
        body = self._request_body()
        env["CONTENT_LENGTH"] = str(len(body))
        result = subprocess.run(["git", "http-backend"], input=body, env=env, capture_output=True)
        head, _, payload = result.stdout.partition(b"\r\n\r\n")
        headers = [line.split(":", 1) for line in head.decode("latin-1").split("\r\n") if ":" in line]
        status = next((value.strip() for name, value in headers if name.lower() == "status"), "200 OK")
        self.send_response(int(status.split()[0]))
        for name, value in headers:
            if name.lower() != "status":
                self.send_header(name, value.strip())
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def _request_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int(self.rfile.readline().strip(), 16)
                if size == 0:
                    self.rfile.readline()
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))
