"""Talking to a source's git remote: its URL with credentials from the environment, its head, its mirror.

The stored URL never holds a secret. Over HTTP(S) a token comes from `EXLIB_SOURCE_TOKEN__<NAME>`
or, for a repository on the GitLab server exlib already uses, from `EXLIB_GITLAB_TOKEN`; SSH and
other URLs use git's own means (keys, credential helpers). The token is put into the URL only for
the git command that needs it, and every message is redacted.
"""

import os
import re
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import quote, urlsplit

from exlib_assets.core.app import App
from exlib_assets.core.db.models import LibrarySource
from exlib_assets.core.errors import GitHostError
from exlib_assets.core.githost.base import redact_text, strip_credentials
from exlib_assets.core.githost.gitcli import failure, run_git
from exlib_assets.core.githost.mirror import RepositoryMirror

SOURCE_TOKEN_PREFIX = "EXLIB_SOURCE_TOKEN__"


def source_token_variable(name: str) -> str:
    """The variable holding source `name`'s token: upper case, other characters as `_`."""
    return SOURCE_TOKEN_PREFIX + re.sub(r"[^A-Z0-9]", "_", name.upper())


def fetch_url(app: App, source: LibrarySource, environ: Mapping[str, str] | None = None) -> str:
    """The URL git should use for `source`, with its token when one applies."""
    token = _token_for(app, source, os.environ if environ is None else environ)
    if token is None:
        return source.url
    parts = urlsplit(source.url)
    return f"{parts.scheme}://oauth2:{quote(token, safe='')}@{parts.netloc}{parts.path}"


def _token_for(app: App, source: LibrarySource, environ: Mapping[str, str]) -> str | None:
    if not source.url.startswith(("http://", "https://")):
        return None
    own = environ.get(source_token_variable(source.name))
    if own:
        return own
    gitlab = app.settings.gitlab_token
    if gitlab and app.settings.git_url.startswith(("http://", "https://")):
        if urlsplit(app.settings.git_url).netloc == urlsplit(source.url).netloc:
            return gitlab
    return None


def mirror_folder(app: App, name: str) -> Path:
    return app.settings.home / "sources" / f"{name}.git"


def source_mirror(app: App, source: LibrarySource) -> RepositoryMirror:
    return RepositoryMirror(fetch_url(app, source), mirror_folder(app, source.name))


def remote_head(app: App, source: LibrarySource) -> str:
    """The commit `source`'s branch points at on the remote, asked with `git ls-remote` (nothing is fetched)."""
    url = fetch_url(app, source)
    secrets = {part for part in (urlsplit(url).password,) if part}

    def redact(text: str) -> str:
        return redact_text(text, secrets)

    result = run_git(["ls-remote", "--heads", url, f"refs/heads/{source.branch}"], redact=redact)
    if result.returncode != 0:
        raise failure(f"ask {strip_credentials(source.url)} for its head", result, redact)
    for line in result.stdout.splitlines():
        sha, _, ref = line.partition("\t")
        if ref == f"refs/heads/{source.branch}":
            return sha
    raise GitHostError(
        f"library source {source.name!r}: {strip_credentials(source.url)} has no branch {source.branch!r}; "
        f"push it, or give the right one with `exlib library source remove {source.name}` and `add --branch`."
    )
