"""Per-course GitLab tokens: a course with its own token (a project or group access token) uses
it, and only it, for its repositories; other courses never see it; creating projects stays
with the site's token. Against recorded GitLab answers, and a real push over HTTP."""

from pathlib import Path

import pytest
import responses

from exlib_assets.core.errors import GitHostError
from exlib_assets.core.githost import GitLabHost, GitWorkspace, open_git_host
from exlib_assets.core.settings import Settings, course_token_variable
from exlib_assets_tests.core.githost.checks import GROUP, TOKEN, URL, assert_no_secret, replay
from exlib_assets_tests.repositories import git, git_value
from exlib_assets_tests.services.git_http import GitHttpServer

PROG1_TOKEN = "glpat-SENTINEL-prog1"
PROG2_TOKEN = "glpat-SENTINEL-prog2"
COURSE_TOKENS = {"EXLIB_GITLAB_TOKEN__PROG1_2026": PROG1_TOKEN, "EXLIB_GITLAB_TOKEN__PROG2_2026": PROG2_TOKEN}


@pytest.fixture
def host() -> GitLabHost:
    return GitLabHost(URL, TOKEN, GROUP, course_tokens=COURSE_TOKENS)


def test_the_variable_of_a_course_is_its_slug_in_upper_case():
    assert course_token_variable("prog1_2026") == "EXLIB_GITLAB_TOKEN__PROG1_2026"
    assert course_token_variable("stats-2.0") == "EXLIB_GITLAB_TOKEN__STATS_2_0"


def test_each_course_pushes_with_its_own_token_and_never_with_another_courses(host):
    for repository in ("prog1_2026-assignments", "prog1_2026-student-template"):
        url = host.push_url(repository)
        assert f"oauth2:{PROG1_TOKEN}@" in url and PROG2_TOKEN not in url and TOKEN not in url
    assert f"oauth2:{PROG2_TOKEN}@" in host.push_url("prog2_2026-assignments")
    # A course without a token of its own uses the site's.
    assert f"oauth2:{TOKEN}@" in host.push_url("prog3_2026-assignments")
    assert all(token not in host.display_url("prog1_2026-assignments") for token in (TOKEN, PROG1_TOKEN))


def test_api_calls_for_a_course_carry_its_token(api: responses.RequestsMock, host):
    replay(api, "merge_request_created.json")  # a proposal on prog1_2026-assignments

    host.open_merge_request("prog1_2026-assignments", "exlib/update/week1.hello/1.1", title="t", description="d")

    assert {call.request.headers["PRIVATE-TOKEN"] for call in api.calls} == {PROG1_TOKEN}


def test_creating_a_project_stays_with_the_site_token(api: responses.RequestsMock, host):
    replay(api, "existing_project.json")

    host.ensure_repository("prog1_2026-assignments")

    assert {call.request.headers["PRIVATE-TOKEN"] for call in api.calls} == {TOKEN}


def test_a_refused_course_token_is_named_but_never_shown(api: responses.RequestsMock, host):
    replay(api, "course_token_refused.json")

    with pytest.raises(GitHostError) as raised:
        host.repository_exists("prog1_2026-assignments")

    assert "EXLIB_GITLAB_TOKEN__COURSE" in str(raised.value)
    for secret in (PROG1_TOKEN, PROG2_TOKEN, TOKEN):
        assert_no_secret(raised.value, secret)
    assert all(secret not in repr(host) for secret in (PROG1_TOKEN, PROG2_TOKEN, TOKEN))


def test_settings_read_course_tokens_from_the_environment_and_never_show_them():
    settings = Settings.from_env(
        {"EXLIB_GIT_URL": f"gitlab+{URL}/{GROUP}", "EXLIB_GITLAB_TOKEN": TOKEN, **COURSE_TOKENS, "EXLIB_HOME": "/x"}
    )
    host = open_git_host(
        settings.git_url, gitlab_token=settings.gitlab_token, gitlab_course_tokens=settings.gitlab_course_tokens
    )

    assert f"oauth2:{PROG2_TOKEN}@" in host.push_url("prog2_2026-assignments")
    assert all(secret not in repr(settings) for secret in (PROG1_TOKEN, PROG2_TOKEN, TOKEN))


def test_a_push_with_one_courses_token_reaches_its_repository_and_no_other(tmp_path: Path):
    """Against a real git server whose course repositories accept only their own token."""
    group = "courses/2026"
    with GitHttpServer(
        tmp_path / "server",
        "site-token-unused-for-pushes",
        repository_tokens={
            f"{group}/prog1_2026-assignments": PROG1_TOKEN,
            f"{group}/prog2_2026-assignments": PROG2_TOKEN,
        },
    ) as server:
        for slug in ("prog1_2026", "prog2_2026"):
            server.create_repository(f"{group}/{slug}-assignments")
        base = f"http://127.0.0.1:{server.port}"
        right = GitLabHost(base, TOKEN, group, course_tokens={"EXLIB_GITLAB_TOKEN__PROG1_2026": PROG1_TOKEN})
        # A site that gave prog2 the token of prog1 by mistake: GitLab (here, the server) refuses.
        mixed_up = GitLabHost(base, TOKEN, group, course_tokens={"EXLIB_GITLAB_TOKEN__PROG2_2026": PROG1_TOKEN})

        pushed = _push_one_commit(right.push_url("prog1_2026-assignments"), tmp_path / "one")
        with pytest.raises(GitHostError) as refused:
            _push_one_commit(mixed_up.push_url("prog2_2026-assignments"), tmp_path / "two")

    assert pushed
    assert "refused the credentials" in str(refused.value)
    assert_no_secret(refused.value, PROG1_TOKEN)


def _push_one_commit(url: str, folder: Path) -> str:
    workspace = GitWorkspace.clone_or_fetch(url, folder)
    (workspace.folder / "a.txt").write_text("a\n")
    git("add", "-A", cwd=workspace.folder)
    git("commit", "-qm", "one", cwd=workspace.folder)
    workspace.push()
    # Read from git: the workspace remembers only the heads its own commands made.
    return git_value("rev-parse", "HEAD", cwd=workspace.folder)
