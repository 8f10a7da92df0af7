"""GitLabHost merge requests for update proposals, against recorded GitLab v4 API answers."""

import json

import pytest
import responses

from exlib_assets.core.errors import GitHostError
from exlib_assets.core.githost import GitLabHost
from exlib_assets_tests.core.githost.checks import GROUP, TOKEN, URL, assert_no_secret, assert_requests_match, replay

REPO = "prog1_2026-assignments"
BRANCH = "exlib/update/week1.hello/1.1"
TITLE = "Update week1.hello to 1.1"
DESCRIPTION = "exlib proposes version 1.1 of the example week1.hello.\n\nMerge to publish it to the course."
WEB_URL = f"{URL}/{GROUP}/{REPO}/-/merge_requests/4"


def test_opens_a_merge_request_from_the_update_branch_into_main(api: responses.RequestsMock, host: GitLabHost):
    interactions = replay(api, "merge_request_created.json")

    web_url = host.open_merge_request(REPO, BRANCH, title=TITLE, description=DESCRIPTION)

    assert_requests_match(api, interactions)
    created = json.loads(api.calls[-1].request.body)
    assert created == {
        "source_branch": BRANCH,
        "target_branch": "main",
        "title": TITLE,
        "description": DESCRIPTION,
        "remove_source_branch": True,
    }
    assert web_url == WEB_URL


def test_a_proposal_prepared_again_updates_its_open_merge_request(api: responses.RequestsMock, host: GitLabHost):
    interactions = replay(api, "merge_request_updated.json")

    web_url = host.open_merge_request(REPO, BRANCH, title=TITLE, description=DESCRIPTION)

    assert_requests_match(api, interactions)
    assert [call.request.method for call in api.calls] == ["GET", "PUT"]  # no second merge request
    assert json.loads(api.calls[-1].request.body) == {"title": TITLE, "description": DESCRIPTION}
    assert web_url == WEB_URL


def test_merge_request_state_is_that_of_the_newest_merge_request(api: responses.RequestsMock, host: GitLabHost):
    interactions = replay(api, "merge_request_states.json")
    branches = [
        "exlib/update/week1.hello/1.0",
        "exlib/update/week1.hello/1.1",
        "exlib/update/week2.loops/1.0",
        "exlib/update/week2.lists/1.0",  # being merged right now: GitLab says 'locked'
        "exlib/update/week3.files/1.0",  # never proposed
    ]

    states = [host.merge_request_state(REPO, branch) for branch in branches]

    assert states == ["merged", "closed", "opened", "opened", None]
    assert_requests_match(api, interactions)


def test_a_forbidden_merge_request_names_the_branch_and_the_rights_needed(
    api: responses.RequestsMock, host: GitLabHost
):
    replay(api, "merge_request_create_forbidden.json")

    with pytest.raises(GitHostError, match="403") as caught:
        host.open_merge_request(REPO, BRANCH, title=TITLE, description=DESCRIPTION)

    message = str(caught.value)
    assert f"open a merge request {BRANCH} -> main in project {GROUP}/{REPO}" in message
    assert "`api` scope" in message and "Developer role" in message
    assert_no_secret(caught.value, TOKEN)
    # Nothing chained: python-gitlab's errors keep the response, requests' keep the request headers.
    assert caught.value.__cause__ is None and caught.value.__context__ is None


def test_a_missing_project_says_to_deploy_the_course_first(api: responses.RequestsMock, host: GitLabHost):
    replay(api, "merge_request_project_missing.json")

    with pytest.raises(GitHostError, match="404") as caught:
        host.open_merge_request(REPO, BRANCH, title=TITLE, description=DESCRIPTION)

    message = str(caught.value)
    assert BRANCH in message and f"project {GROUP}/{REPO} was not found" in message
    assert "deploy the course first" in message
    assert_no_secret(caught.value, TOKEN)
