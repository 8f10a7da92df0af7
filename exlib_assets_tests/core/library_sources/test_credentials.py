"""A source behind HTTP authentication: the token comes from the environment, is never stored or printed."""

import base64
import json
import os
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
import sqlalchemy as sa

from exlib_assets.core.app import App, open_app
from exlib_assets.core.db.models import LibrarySource
from exlib_assets.core.errors import GitHostError
from exlib_assets.core.library_sources import add_source, list_sources, sync_source
from exlib_assets.core.library_sources.remote import source_token_variable
from exlib_assets.core.library_sources.watch import sources_that_moved
from exlib_assets_tests.repositories import git
from exlib_assets_tests.services.git_http import GitHttpServer
from exlib_assets_tests.source_repository import SourceRepository

TOKEN = "glpat-source-secret-4711"


@pytest.fixture
def server(tmp_path: Path):
    root = tmp_path / "http"
    with GitHttpServer(root, TOKEN) as running:
        source = SourceRepository(tmp_path / "author")
        source.examples("caesar", version="1.0", parent=source.work / "week1")
        source.push()
        bare = running.create_repository("teaching/algos")
        git("push", "-q", str(bare), "main", cwd=source.work)
        yield running


def plain_url(server: GitHttpServer) -> str:
    return f"http://127.0.0.1:{server.port}/teaching/algos.git"


def test_the_token_comes_from_the_environment_and_is_never_stored(app: App, server, monkeypatch) -> None:
    monkeypatch.setenv(source_token_variable("algos"), TOKEN)
    add_source(app, "algos", plain_url(server))

    report = sync_source(app, "algos")

    assert [entry["identifier"] for entry in report.imported] == ["test.caesar"]
    assert list(sources_that_moved(app).moved) == []
    with app.db.session() as session:
        stored = session.scalar(sa.select(LibrarySource))
        assert TOKEN not in json.dumps([stored.url, stored.folders, stored.retry_folders])
    assert TOKEN not in json.dumps(list_sources(app)) + json.dumps(report.to_dict())
    mirror_config = (app.settings.home / "sources" / "algos.git" / "config").read_text()
    assert TOKEN not in mirror_config


def test_the_token_is_on_no_command_line(app: App, server, monkeypatch, tmp_path: Path) -> None:
    """Any user of the machine can list command lines: every git run here is logged by a wrapper."""
    calls = tmp_path / "git-calls.log"
    wrapper = tmp_path / "bin" / "git"
    wrapper.parent.mkdir()
    wrapper.write_text(f'#!/bin/sh\nprintf "%s\\n" "$*" >> {calls}\nexec {shutil.which("git")} "$@"\n')
    wrapper.chmod(0o755)
    monkeypatch.setenv("PATH", f"{wrapper.parent}:{os.environ['PATH']}")
    monkeypatch.setenv(source_token_variable("algos"), TOKEN)
    add_source(app, "algos", plain_url(server))

    assert list(sources_that_moved(app).moved) == ["algos"]
    assert [entry["identifier"] for entry in sync_source(app, "algos").imported] == ["test.caesar"]

    logged = calls.read_text()
    assert "ls-remote" in logged and "fetch" in logged
    assert TOKEN not in logged
    assert base64.b64encode(f"oauth2:{TOKEN}".encode()).decode() not in logged


def test_a_source_on_the_gitlab_server_uses_the_gitlab_token(app: App, server) -> None:
    on_gitlab = replace(app.settings, git_url=f"gitlab+http://127.0.0.1:{server.port}/teaching", gitlab_token=TOKEN)
    with open_app(on_gitlab) as gitlab_app:
        add_source(gitlab_app, "algos", plain_url(server))
        report = sync_source(gitlab_app, "algos")

    assert [entry["identifier"] for entry in report.imported] == ["test.caesar"]


def test_a_refused_token_is_reported_without_it(app: App, server, monkeypatch) -> None:
    monkeypatch.setenv(source_token_variable("algos"), "wrong-" + TOKEN)
    add_source(app, "algos", plain_url(server))

    with pytest.raises(GitHostError) as refused:
        sync_source(app, "algos")

    assert "refused the credentials" in str(refused.value)
    assert TOKEN not in str(refused.value)
    watched = sources_that_moved(app)
    assert list(watched.unreachable) == ["algos"]
    assert TOKEN not in watched.unreachable["algos"]
