"""What the rest of exlib needs from the git host of a course, and how secrets are kept out of messages."""

import re
from abc import ABC, abstractmethod
from collections.abc import Iterable
from urllib.parse import unquote, urlsplit

from exlib_assets.core.errors import GitHostError
from exlib_assets.core.redaction import URL_USERINFO, redact_text  # redact_text: the git host code imports it from here

DEFAULT_BRANCH = "main"

# What GitLab accepts as a project path, minus the suffixes git itself would strip.
_REPOSITORY_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}\Z")


class GitHost(ABC):
    """Where the repositories of courses live: `{course}-assignments` and `{course}-student-template`."""

    @abstractmethod
    def describe(self) -> str:
        """Where the repositories live, for messages (never includes credentials)."""

    @abstractmethod
    def ensure_repository(self, name: str) -> None:
        """Create the repository if it is missing (default branch `main`); does nothing if it exists."""

    @abstractmethod
    def repository_exists(self, name: str) -> bool:
        """True when the repository exists (it may still be empty, without any commit)."""

    @abstractmethod
    def push_url(self, name: str) -> str:
        """The URL git fetches from and pushes to. May hold credentials: never log or show it."""

    @abstractmethod
    def display_url(self, name: str) -> str:
        """The repository's URL for people to read; never holds credentials."""

    def open_merge_request(
        self, name: str, branch: str, *, title: str, description: str, target: str = DEFAULT_BRANCH
    ) -> str | None:
        """Ask for `branch` of repository `name` to be merged into `target`; the merge request's web URL.

        None when the host has no merge requests (a plain git remote: the branch itself is the proposal).
        """
        return None

    def merge_request_state(self, name: str, branch: str) -> str | None:
        """The state of the newest merge request from `branch`: 'opened', 'merged' or 'closed'.

        None when there is none, or when the host has no merge requests.
        """
        return None

    def redact(self, text: str) -> str:
        """`text` with this host's secrets and any credentials in URLs masked."""
        return redact_text(text, self._secrets())

    def _secrets(self) -> Iterable[str]:
        """Literal secrets this host knows, masked wherever they appear."""
        return ()


def check_repository_name(name: str) -> str:
    """`name` if it is a plain repository name such as `prog1_2026-assignments`; GitHostError otherwise."""
    if not _REPOSITORY_NAME.match(name) or ".." in name or name.endswith((".git", ".atom")):
        raise GitHostError(
            f"{name!r} is not a usable repository name: use letters, digits, '_', '-' and '.', "
            "start with a letter or digit, and leave out any '.git' suffix (e.g. 'prog1_2026-assignments')."
        )
    return name


def strip_credentials(url: str) -> str:
    """`url` without a password or token: `https://oauth2:TOKEN@host/x` -> `https://host/x`.

    A user name without a password (`ssh://git@host/x`) is kept: it is an account, not a secret.
    Over HTTP(S) a lone user name is often a token, so it goes too.
    """

    def replace(match: re.Match[str]) -> str:
        scheme, userinfo = match["scheme"], match["userinfo"]
        user, has_password, _ = userinfo.partition(":")
        if scheme.lower().startswith("http"):
            return scheme
        return f"{scheme}{user}@" if has_password else match[0]

    return URL_USERINFO.sub(replace, url)


def url_secrets(url: str) -> set[str]:
    """The password in `url`, as written and percent-decoded, so either form can be masked."""
    try:
        password = urlsplit(url).password
    except ValueError:  # e.g. a bad port; the URL-pattern masking still applies
        return set()
    return {password, unquote(password)} if password else set()


# A course's repositories on the git host, by role: `{slug}-assignments`, `{slug}-student-template`.
REPOSITORY_SUFFIXES = {"assignments": "-assignments", "student_template": "-student-template"}


def course_of_repository(name: str) -> str | None:
    """The course slug a repository name belongs to, or None for a name that is no course's."""
    for suffix in REPOSITORY_SUFFIXES.values():
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return None
