"""Prove that the services fixtures are real servers, not in-process fakes."""

from __future__ import annotations

import os
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy

from exlib_assets_tests.services.postgres import PostgresServer
from exlib_assets_tests.services.s3 import S3Bucket


@pytest.fixture
def engine(postgres_database_url: str) -> Iterator[sqlalchemy.Engine]:
    engine = sqlalchemy.create_engine(postgres_database_url)
    yield engine
    engine.dispose()


@pytest.mark.postgres
def test_postgres_has_ltree(engine: sqlalchemy.Engine) -> None:
    with engine.connect() as conn:
        assert conn.scalar(sqlalchemy.text("SELECT 'a.b.c'::ltree @> 'a.b.c.d'::ltree")) is True


@pytest.mark.postgres
def test_postgres_runs_as_non_root(engine: sqlalchemy.Engine) -> None:
    with engine.connect() as conn:
        data_directory = conn.scalar(sqlalchemy.text("SHOW data_directory"))
        backend_pid = conn.scalar(sqlalchemy.text("SELECT pg_backend_pid()"))
    assert os.stat(data_directory).st_uid != 0
    proc = Path(f"/proc/{backend_pid}")
    if proc.exists():  # Linux: a process's /proc entry is owned by its real uid
        assert proc.stat().st_uid != 0


@pytest.mark.postgres
def test_postgres_listens_on_loopback_only(engine: sqlalchemy.Engine, postgres_server: PostgresServer) -> None:
    with engine.connect() as conn:
        assert conn.scalar(sqlalchemy.text("SHOW listen_addresses")) == "127.0.0.1"
        assert conn.scalar(sqlalchemy.text("SELECT host(inet_server_addr())")) == "127.0.0.1"
        assert conn.scalar(sqlalchemy.text("SHOW port")) == str(postgres_server.port)


@pytest.mark.postgres
def test_postgres_databases_are_fresh_and_dropped(postgres_server: PostgresServer) -> None:
    url = postgres_server.create_database("test_services_lifecycle")
    engine = sqlalchemy.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sqlalchemy.text("CREATE TABLE t (path ltree)"))
    # The open pooled connection must not block the drop.
    postgres_server.drop_database("test_services_lifecycle")
    engine.dispose()
    admin = sqlalchemy.create_engine(postgres_server.admin_url)
    with admin.connect() as conn:
        exists = conn.scalar(
            sqlalchemy.text("SELECT count(*) FROM pg_database WHERE datname = 'test_services_lifecycle'")
        )
    admin.dispose()
    assert exists == 0


@pytest.mark.s3
def test_s3_put_get_list_over_http(s3_bucket: S3Bucket) -> None:
    assert s3_bucket.endpoint_url.startswith("http://127.0.0.1:")
    client = s3_bucket.client
    client.put_object(Bucket=s3_bucket.name, Key="a/v1/x", Body=b"one")
    client.put_object(Bucket=s3_bucket.name, Key="a/v10/x", Body=b"ten")

    assert client.get_object(Bucket=s3_bucket.name, Key="a/v1/x")["Body"].read() == b"one"

    def keys(prefix: str) -> list[str]:
        listing = client.list_objects_v2(Bucket=s3_bucket.name, Prefix=prefix)
        return [obj["Key"] for obj in listing.get("Contents", [])]

    # Prefixes are plain string prefixes: only the trailing "/" keeps v1 from matching v10.
    assert keys("a/v1/") == ["a/v1/x"]
    assert keys("a/v1") == ["a/v1/x", "a/v10/x"]

    # A plain HTTP GET, no boto3 and no proxy: the endpoint is a real server.
    url = client.generate_presigned_url("get_object", Params={"Bucket": s3_bucket.name, "Key": "a/v10/x"})
    assert url.startswith(s3_bucket.endpoint_url)
    direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with direct.open(url, timeout=10) as response:
        assert response.read() == b"ten"


def test_aws_env_is_dummy() -> None:
    assert os.environ["AWS_ACCESS_KEY_ID"] == "testing"
    assert os.environ["AWS_SECRET_ACCESS_KEY"] == "testing"
    assert os.environ["AWS_DEFAULT_REGION"] == "us-east-1"
    assert "AWS_PROFILE" not in os.environ
