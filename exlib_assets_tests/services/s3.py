"""A throwaway S3 endpoint for tests: moto's server, over real HTTP on 127.0.0.1.

It runs as a thread inside the test process, so there is no child process to
leak; ``stop()`` shuts the HTTP server down. Bucket contents live in moto's
in-process backend and vanish with the process.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import boto3
from botocore.config import Config
from moto.server import ThreadedMotoServer

from exlib_assets_tests.services import Service

ACCESS_KEY_ID = "testing"
SECRET_ACCESS_KEY = "testing"
REGION = "us-east-1"

# Environment for a test session: dummy credentials win over anything in
# ~/.aws, and no profile or session token can point boto3 at a real account.
DUMMY_AWS_ENV: dict[str, str | None] = {
    "AWS_ACCESS_KEY_ID": ACCESS_KEY_ID,
    "AWS_SECRET_ACCESS_KEY": SECRET_ACCESS_KEY,
    "AWS_DEFAULT_REGION": REGION,
    "AWS_PROFILE": None,
    "AWS_SESSION_TOKEN": None,
    "AWS_SECURITY_TOKEN": None,
}


class S3ServerError(RuntimeError):
    pass


@dataclass(frozen=True)
class S3Bucket:
    name: str
    endpoint_url: str
    client: Any  # botocore's S3 client class is generated at runtime; there is no importable type


class S3Server(Service):
    """moto's S3 on 127.0.0.1: ``start()``/``stop()`` or ``with S3Server() as s3:``."""

    def __init__(self) -> None:
        self._server: ThreadedMotoServer | None = None
        self.endpoint_url: str | None = None

    def start(self) -> S3Server:
        if self._server is not None:
            raise S3ServerError("S3Server.start() called twice; call stop() first")
        # Port 0: the OS picks a free port at bind time, so there is no race to lose.
        # (ThreadedMotoServer.start() would hang forever if its bind failed.)
        server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        server.start()
        host, port = server.get_host_and_port()
        self._server = server
        self.endpoint_url = f"http://{host}:{port}"
        return self

    def stop(self) -> None:
        if self._server is None:
            return
        try:
            self._server.stop()
        finally:
            self._server = None
            self.endpoint_url = None

    def client(self) -> Any:
        """A boto3 S3 client bound to this server with the dummy credentials."""
        if self.endpoint_url is None:
            raise S3ServerError("S3Server is not running; call start() first")
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            aws_access_key_id=ACCESS_KEY_ID,
            aws_secret_access_key=SECRET_ACCESS_KEY,
            region_name=REGION,
            # Virtual-host addressing would put the bucket in the hostname (bucket.127.0.0.1).
            config=Config(s3={"addressing_style": "path"}),
        )

    def create_bucket(self, name: str) -> S3Bucket:
        client = self.client()
        client.create_bucket(Bucket=name)  # us-east-1 takes no LocationConstraint
        assert self.endpoint_url is not None
        return S3Bucket(name=name, endpoint_url=self.endpoint_url, client=client)
