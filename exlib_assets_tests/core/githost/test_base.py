"""Masking secrets in messages and checking repository names."""

import pytest

from exlib_assets.core.errors import GitHostError
from exlib_assets.core.githost.base import check_repository_name, redact_text, strip_credentials, url_secrets

SECRET = "glpat-SENTINEL-123"


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        (f"https://oauth2:{SECRET}@gitlab.example.edu/c/x.git", "https://gitlab.example.edu/c/x.git"),
        (f"http://{SECRET}@git.example.edu/x.git", "http://git.example.edu/x.git"),
        (f"ssh://git:{SECRET}@git.example.edu/x.git", "ssh://git@git.example.edu/x.git"),
        ("ssh://git@git.example.edu/x.git", "ssh://git@git.example.edu/x.git"),
        ("git://127.0.0.1:9418/x.git", "git://127.0.0.1:9418/x.git"),
        ("/srv/git/x.git", "/srv/git/x.git"),
    ],
)
def test_strip_credentials_keeps_only_what_people_may_read(url: str, shown: str):
    assert strip_credentials(url) == shown


def test_redact_masks_urls_and_literal_secrets_wherever_they_appear():
    url = f"https://oauth2:{SECRET}@gitlab.example.edu/c/x.git"
    message = f"fatal: unable to access '{url}': 403; token {SECRET} refused; http://{SECRET}@h/y"

    redacted = redact_text(message, url_secrets(url))

    assert SECRET not in redacted
    assert "https://oauth2:***@gitlab.example.edu/c/x.git" in redacted
    assert "token *** refused" in redacted


def test_url_secrets_include_the_percent_decoded_password():
    assert url_secrets("https://oauth2:a%2Fb%40c@host/x.git") == {"a%2Fb%40c", "a/b@c"}
    assert url_secrets("git://host/x.git") == set()


@pytest.mark.parametrize("name", ["prog1_2026-assignments", "prog1_2026-student-template", "a.b"])
def test_plain_repository_names_are_accepted(name: str):
    assert check_repository_name(name) == name


@pytest.mark.parametrize("name", ["", "../x", "a/b", "-x", "x.git", "a..b", "x y", "ü"])
def test_unsafe_repository_names_are_refused(name: str):
    with pytest.raises(GitHostError, match="not a usable repository name"):
        check_repository_name(name)


def test_a_password_holding_an_at_sign_is_masked_whole():
    url = "https://oauth2:p@ss@gitlab.example.edu/x.git"

    redacted = redact_text(f"failed: {url}", url_secrets(url))

    assert "p@ss" not in redacted and "ss@" not in redacted.replace("***@", "")
