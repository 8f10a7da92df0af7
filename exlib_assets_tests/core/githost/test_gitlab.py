"""GitLabHost against recorded GitLab v4 API answers (GitLab itself cannot run here).

Each file in `recorded/` is one conversation: the requests exlib must make, in order, and GitLab's
answers. `responses` replays the answers and the test checks every request against the recording:
method, path and JSON body, with the token in the PRIVATE-TOKEN header.
"""

import json

import pytest
import responses

from exlib_assets.core.errors import GitHostError
from exlib_assets.core.githost import GitLabHost
from exlib_assets_tests.core.githost.checks import GROUP, TOKEN, URL, assert_no_secret, assert_requests_match, replay

REPO = "prog1_2026-assignments"


def test_creates_the_missing_group_path_and_the_project(api: responses.RequestsMock, host: GitLabHost):
    interactions = replay(api, "create_group_path_and_project.json")

    host.ensure_repository(REPO)

    assert_requests_match(api, interactions)
    top, sub, project = (json.loads(c.request.body) for c in api.calls if c.request.method == "POST")
    assert "parent_id" not in top and sub["parent_id"] == 7
    assert project["namespace_id"] == 12
    assert project["default_branch"] == "main" and project["initialize_with_readme"] is False
    assert project["visibility"] == "private"


def test_creates_only_what_is_missing_under_an_existing_parent(api: responses.RequestsMock, host: GitLabHost):
    interactions = replay(api, "create_project_in_existing_parent.json")

    host.ensure_repository(REPO)

    assert_requests_match(api, interactions)


def test_an_existing_project_is_left_alone(api: responses.RequestsMock, host: GitLabHost):
    interactions = replay(api, "existing_project.json")

    host.ensure_repository(REPO)

    assert_requests_match(api, interactions)
    assert all(call.request.method == "GET" for call in api.calls)


def test_a_project_created_by_another_run_meanwhile_is_accepted(api: responses.RequestsMock, host: GitLabHost):
    interactions = replay(api, "project_created_meanwhile.json")

    host.ensure_repository(REPO)

    assert_requests_match(api, interactions)


def test_repository_exists_reads_404_as_missing(api: responses.RequestsMock, host: GitLabHost):
    path = "/api/v4/projects/courses%2F2026%2F" + REPO
    api.add("GET", URL + path, json={"message": "404 Project Not Found"}, status=404)
    api.add("GET", URL + path, json={"id": 101, "path_with_namespace": f"{GROUP}/{REPO}"}, status=200)

    assert host.repository_exists(REPO) is False
    assert host.repository_exists(REPO) is True


def test_a_refused_token_says_so_without_showing_it(api: responses.RequestsMock, host: GitLabHost):
    replay(api, "token_refused.json")

    with pytest.raises(GitHostError, match="401") as caught:
        host.ensure_repository(REPO)

    message = str(caught.value)
    assert "EXLIB_GITLAB_TOKEN" in message and URL in message and GROUP in message
    assert_no_secret(caught.value, TOKEN)
    # Nothing chained: python-gitlab's errors keep the response, requests' keep the request headers.
    assert caught.value.__cause__ is None and caught.value.__context__ is None


def test_a_forbidden_create_names_the_project_and_the_rights_needed(api: responses.RequestsMock, host: GitLabHost):
    replay(api, "project_create_forbidden.json")

    with pytest.raises(GitHostError, match="403") as caught:
        host.ensure_repository(REPO)

    message = str(caught.value)
    assert f"create project {GROUP}/{REPO}" in message
    assert "`api` scope" in message and "Maintainer" in message
    assert_no_secret(caught.value, TOKEN)
    assert caught.value.__context__ is None


def test_an_unreachable_gitlab_is_reported_without_the_token(api: responses.RequestsMock, host: GitLabHost):
    # Nothing recorded: `responses` refuses the connection, as a closed port would.
    api.assert_all_requests_are_fired = False

    with pytest.raises(GitHostError, match="did not answer") as caught:
        host.ensure_repository(REPO)

    assert_no_secret(caught.value, TOKEN)
    assert caught.value.__context__ is None


def test_the_token_is_only_in_the_push_url(host: GitLabHost):
    assert host.push_url(REPO) == f"https://oauth2:{TOKEN}@gitlab.example.edu/{GROUP}/{REPO}.git"
    assert host.display_url(REPO) == f"{URL}/{GROUP}/{REPO}.git"
    for shown in (repr(host), str(host), host.describe(), host.display_url(REPO), host.redact(host.push_url(REPO))):
        assert TOKEN not in shown
    assert host.redact(f"refused {TOKEN}") == "refused ***"


def test_a_token_with_url_special_characters_is_quoted_in_the_push_url_and_masked_either_way():
    host = GitLabHost(URL, "a/b@c:d", GROUP)

    assert host.push_url(REPO).startswith("https://oauth2:a%2Fb%40c%3Ad@gitlab.example.edu/")
    assert "a/b@c:d" not in host.redact(f"{host.push_url(REPO)} a/b@c:d")
    assert "a%2Fb%40c%3Ad" not in host.redact(f"{host.push_url(REPO)} a%2Fb%40c%3Ad")


@pytest.mark.parametrize(
    ("url", "token", "group", "problem"),
    [
        ("ftp://gitlab.example.edu", TOKEN, GROUP, "not usable"),
        (f"https://oauth2:{TOKEN}@gitlab.example.edu", TOKEN, GROUP, "no credentials"),
        (URL, "", GROUP, "EXLIB_GITLAB_TOKEN"),
        (URL, TOKEN, "/", "no GitLab group"),
    ],
)
def test_unusable_settings_are_refused_up_front(url: str, token: str, group: str, problem: str):
    with pytest.raises(GitHostError, match=problem) as caught:
        GitLabHost(url, token, group)

    assert_no_secret(caught.value, TOKEN)
