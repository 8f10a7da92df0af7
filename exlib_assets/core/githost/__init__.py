"""The git host of the courses, chosen by one URL (`EXLIB_GIT_URL`).

URL forms:
- a folder, `/srv/exlib/git` or `file:///srv/exlib/git`: local bare repositories, created as needed
  (the embedded default);
- `gitlab+https://gitlab.example.edu/courses/2026`: the group `courses/2026` on that GitLab; groups
  and projects are created through the API with the token from `EXLIB_GITLAB_TOKEN`. A plain
  `https://` URL means GitLab too when a token is given;
- `git://host/courses/`, `ssh://git@host/courses/`, `git@host:courses` or `https://host/courses/`
  (without a token): any git server exlib can push to. It cannot create repositories there, so
  `{course}-assignments` and `{course}-student-template` must exist (they may be empty).
"""

import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from exlib_assets.core.errors import ExlibError
from exlib_assets.core.githost.base import GitHost, redact_text, url_secrets
from exlib_assets.core.githost.local import LocalGitHost, RemoteGitHost
from exlib_assets.core.githost.workspace import GitWorkspace, PushRejected

if TYPE_CHECKING:
    from exlib_assets.core.githost.gitlab import GitLabHost

__all__ = [
    "GitHost",
    "GitLabHost",
    "GitWorkspace",
    "LocalGitHost",
    "PushRejected",
    "RemoteGitHost",
    "open_git_host",
]

_EXAMPLES = (
    "use a folder (/srv/exlib/git or file:///srv/exlib/git), "
    "gitlab+https://gitlab.example.edu/GROUP/SUBGROUP with EXLIB_GITLAB_TOKEN set, "
    "or a git server whose repositories exist: git://host/courses/, ssh://git@host/courses/, https://host/courses/"
)
_REMOTE_SCHEMES = ("git", "ssh", "git+ssh", "http", "https")
# `user@host:path`, the scp-like form git accepts for ssh.
_SCP_LIKE = re.compile(r"^[^/:@\s]+@[^/:\s]+:")


def __getattr__(name: str):
    # python-gitlab costs half a second to import; only a GitLab site should pay for it.
    if name == "GitLabHost":
        from exlib_assets.core.githost.gitlab import GitLabHost

        return GitLabHost
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def open_git_host(
    git_url: str, *, gitlab_token: str | None, gitlab_course_tokens: Mapping[str, str] | None = None
) -> GitHost:
    """The git host named by `git_url` (see the module docstring for the forms)."""
    url = git_url.strip()
    if not url:
        raise ExlibError(f"no git URL given (EXLIB_GIT_URL is empty); {_EXAMPLES}.")
    scheme = url.partition("://")[0].lower() if "://" in url else ""
    if scheme.startswith("gitlab+") or (scheme in ("http", "https") and gitlab_token):
        return _gitlab(url.removeprefix("gitlab+"), gitlab_token, gitlab_course_tokens or {})
    if scheme == "file":
        return LocalGitHost(Path(url[len("file://") :]))
    if scheme in _REMOTE_SCHEMES or (not scheme and _SCP_LIKE.match(url)):
        return RemoteGitHost(url)
    if scheme:
        raise ExlibError(f"git URL {redact_text(url, url_secrets(url))!r} is not understood; {_EXAMPLES}.")
    return LocalGitHost(Path(url))


def _gitlab(url: str, token: str | None, course_tokens: Mapping[str, str]) -> "GitLabHost":
    from exlib_assets.core.githost.gitlab import GitLabHost

    parts = urlsplit(url)
    shown = redact_text(url, url_secrets(url))
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ExlibError(f"GitLab URL {shown!r} is not understood; {_EXAMPLES}.")
    if "@" in parts.netloc:
        raise ExlibError(
            f"GitLab URL {shown!r} holds credentials; remove them and put the token in EXLIB_GITLAB_TOKEN."
        )
    if not parts.path.strip("/"):
        raise ExlibError(f"GitLab URL {shown!r} names no group; add it: https://{parts.netloc}/GROUP[/SUBGROUP].")
    if not token:
        raise ExlibError(f"GitLab URL {shown!r} needs a token: set EXLIB_GITLAB_TOKEN (scope `api`).")
    return GitLabHost(f"{parts.scheme}://{parts.netloc}", token, parts.path.strip("/"), course_tokens=course_tokens)
