"""Checks the git host tests share: hunt for leaked secrets, and replay recorded GitLab conversations.

Each file in `recorded/` is one conversation: the requests exlib must make, in order, and GitLab's
answers. `replay` serves the answers; `assert_requests_match` checks every request made against the
recording: method, path (with its query string) and JSON body, with the token in the PRIVATE-TOKEN header.
"""

import json
import traceback
from pathlib import Path

import responses

RECORDED = Path(__file__).parent / "recorded"
URL = "https://gitlab.example.edu"
TOKEN = "glpat-SENTINEL-123"
GROUP = "courses/2026"


def texts_of(error: BaseException) -> list[str]:
    """str() and repr() of an error and of every error chained to it, explicitly or implicitly."""
    texts = ["".join(traceback.format_exception(error))]
    seen: BaseException | None = error
    while seen is not None:
        texts += [str(seen), repr(seen)]
        seen = seen.__cause__ or seen.__context__
    return texts


def assert_no_secret(error: BaseException, secret: str) -> None:
    leaks = [text for text in texts_of(error) if secret in text]
    assert not leaks, f"secret leaked in: {leaks}"


def replay(api: responses.RequestsMock, name: str) -> list[dict]:
    """Serve the answers recorded in `recorded/{name}`, in order; the recorded interactions."""
    interactions = json.loads((RECORDED / name).read_text())["interactions"]
    for interaction in interactions:
        request, response = interaction["request"], interaction["response"]
        api.add(request["method"], URL + request["path"], json=response["body"], status=response["status"])
    return interactions


def assert_requests_match(api: responses.RequestsMock, interactions: list[dict]) -> None:
    made = [(c.request.method, c.request.path_url, json.loads(c.request.body or "null")) for c in api.calls]
    recorded = [(i["request"]["method"], i["request"]["path"], i["request"].get("body")) for i in interactions]
    assert made == recorded
    assert all(call.request.headers["PRIVATE-TOKEN"] == TOKEN for call in api.calls)
