"""The merge request of a contribution to a library source on GitLab, against a recorded GitLab v4 API answer."""

import json

import pytest
import responses
from responses.registries import OrderedRegistry

from exlib_assets.core.contributions.merge_request import merge_request_text, open_merge_request
from exlib_assets.core.errors import GitHostError
from exlib_assets_tests.core.githost.checks import TOKEN, URL, assert_no_secret, assert_requests_match, replay

BRANCH = "exlib/contrib/algos.caesar/1.1"


@pytest.fixture
def api():
    with responses.RequestsMock(registry=OrderedRegistry, assert_all_requests_are_fired=True) as mock:
        yield mock


def test_opens_a_merge_request_naming_the_course_and_the_lecturer(api) -> None:
    interactions = replay(api, "contribution_merge_request_created.json")
    description = merge_request_text(
        "algos.caesar", "1.0", "1.1", "prog1_2026", "week1.caesar", "alice", ["~notes.txt"], "clearer hint"
    )

    web_url = open_merge_request(
        URL, TOKEN, "teaching/algorithms", BRANCH, target="main", title="clearer hint", description=description
    )

    assert_requests_match(api, interactions)
    sent = json.loads(api.calls[-1].request.body)
    assert sent["source_branch"] == BRANCH and sent["target_branch"] == "main"
    assert "course prog1_2026" in sent["description"] and sent["description"].startswith("alice proposes")
    assert web_url == "https://gitlab.example.edu/teaching/algorithms/-/merge_requests/12"


def test_a_refused_merge_request_says_what_to_do_without_the_token(api) -> None:
    api.add(
        responses.POST,
        f"{URL}/api/v4/projects/teaching%2Falgorithms/merge_requests",
        json={"message": "403 Forbidden"},
        status=403,
    )

    with pytest.raises(GitHostError, match="open it by hand") as raised:
        open_merge_request(URL, TOKEN, "teaching/algorithms", BRANCH, target="main", title="t", description="d")

    assert_no_secret(raised.value, TOKEN)
