"""Fixtures for the git host tests: real git, a real `git daemon`, and no machine git config."""

from collections.abc import Iterator
from pathlib import Path

import pytest
import responses
from responses.registries import OrderedRegistry

from exlib_assets.core.githost import GitLabHost
from exlib_assets_tests.core.githost.checks import GROUP, TOKEN, URL
from exlib_assets_tests.services.git_daemon import GitDaemon


@pytest.fixture(autouse=True)
def _no_machine_git_config(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests see git as a fresh machine would: no user.name, no signing, no hooks from ~/.gitconfig."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", "/dev/null")
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")


@pytest.fixture
def served_root(tmp_path: Path) -> Path:
    root = tmp_path / "served"
    root.mkdir()
    return root


@pytest.fixture
def git_daemon(served_root: Path) -> Iterator[GitDaemon]:
    with GitDaemon(served_root) as daemon:
        yield daemon


@pytest.fixture
def api() -> Iterator[responses.RequestsMock]:
    """Recorded GitLab answers (see checks.replay). Ordered: the same path may answer 404 first
    and 200 later. Anything unrecorded fails to connect."""
    with responses.RequestsMock(registry=OrderedRegistry, assert_all_requests_are_fired=True) as mock:
        yield mock


@pytest.fixture
def host() -> GitLabHost:
    return GitLabHost(URL, TOKEN, GROUP)
