"""Choosing the git host from EXLIB_GIT_URL."""

from pathlib import Path

import pytest

from exlib_assets.core.errors import ExlibError
from exlib_assets.core.githost import GitLabHost, LocalGitHost, RemoteGitHost, open_git_host
from exlib_assets_tests.core.githost.checks import assert_no_secret

TOKEN = "glpat-SENTINEL-123"


@pytest.mark.parametrize("url", ["/srv/exlib/git", "file:///srv/exlib/git"])
def test_a_folder_means_local_bare_repositories(url: str):
    host = open_git_host(url, gitlab_token=None)

    assert isinstance(host, LocalGitHost)
    assert host.root == Path("/srv/exlib/git")


def test_a_relative_folder_is_made_absolute(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)

    host = open_git_host("repos", gitlab_token=None)

    assert isinstance(host, LocalGitHost) and host.root == tmp_path / "repos"


@pytest.mark.parametrize(
    "url",
    [
        "gitlab+https://gitlab.example.edu/courses/2026",
        "gitlab+https://gitlab.example.edu/courses/2026/",
        "https://gitlab.example.edu/courses/2026",  # plain https with a token: GitLab
    ],
)
def test_gitlab_urls_name_the_server_and_the_group(url: str):
    host = open_git_host(url, gitlab_token=TOKEN)

    assert isinstance(host, GitLabHost)
    assert (host.url, host.group) == ("https://gitlab.example.edu", "courses/2026")
    assert host.display_url("x") == "https://gitlab.example.edu/courses/2026/x.git"


@pytest.mark.parametrize(
    ("url", "push_url"),
    [
        ("git://127.0.0.1:9418/", "git://127.0.0.1:9418/x.git"),
        ("ssh://git@git.example.edu/courses", "ssh://git@git.example.edu/courses/x.git"),
        ("git@git.example.edu:courses", "git@git.example.edu:courses/x.git"),
        ("https://git.example.edu/courses/", "https://git.example.edu/courses/x.git"),  # no token: plain git
    ],
)
def test_other_git_urls_mean_a_plain_git_server(url: str, push_url: str):
    host = open_git_host(url, gitlab_token=None)

    assert isinstance(host, RemoteGitHost)
    assert host.push_url("x") == push_url


@pytest.mark.parametrize(
    ("url", "token", "problem"),
    [
        ("", None, "no git URL given"),
        ("   ", None, "no git URL given"),
        ("ftp://files.example.edu/git", None, "not understood"),
        ("gitlab+ftp://gitlab.example.edu/c", TOKEN, "not understood"),
        ("gitlab+https://gitlab.example.edu", TOKEN, "names no group"),
        ("gitlab+https://gitlab.example.edu/courses", None, "needs a token"),
        (f"gitlab+https://oauth2:{TOKEN}@gitlab.example.edu/c", TOKEN, "holds credentials"),
        (f"ftp://u:{TOKEN}@files.example.edu/git", None, "not understood"),
    ],
)
def test_bad_urls_are_refused_with_examples_and_without_secrets(url: str, token: str | None, problem: str):
    with pytest.raises(ExlibError, match=problem) as caught:
        open_git_host(url, gitlab_token=token)

    assert_no_secret(caught.value, TOKEN)
    if problem in ("no git URL given", "not understood"):
        assert "gitlab+https://" in str(caught.value) and "git://" in str(caught.value)
