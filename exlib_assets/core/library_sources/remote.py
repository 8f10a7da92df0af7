"""Talking to a source's git remote: its URL with credentials from the environment, its head, its mirror.

The stored URL never holds a secret. Over HTTP(S) a token comes from `EXLIB_SOURCE_TOKEN__<NAME>`
or, for a repository on the GitLab server exlib already uses, from `EXLIB_GITLAB_TOKEN`; SSH and
other URLs use git's own means (keys, credential helpers). The token reaches git as an HTTP
header in its environment, never in its arguments, and every message is redacted.
"""

import base64
import os
import re
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit

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


def auth_env(app: App, source: LibrarySource, environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """Git configuration, passed in git's environment, that sends `source`'s token when one applies.

    An HTTP header set through GIT_CONFIG_* stays out of every command line (which any user of
    the machine can list) and out of the mirror's config file.
    """
    token = _token_for(app, source, os.environ if environ is None else environ)
    if token is None:
        return {}
    basic = base64.b64encode(f"oauth2:{token}".encode()).decode()
    return {
        "GIT_CONFIG_COUNT": "1",
        "GIT_CONFIG_KEY_0": "http.extraHeader",
        "GIT_CONFIG_VALUE_0": f"Authorization: Basic {basic}",
    }


def _env_secrets(env: Mapping[str, str]) -> set[str]:
    header = env.get("GIT_CONFIG_VALUE_0", "")
    if not header:
        return set()
    basic = header.removeprefix("Authorization: Basic ")
    return {header, basic, base64.b64decode(basic).decode().removeprefix("oauth2:")}


def _token_for(app: App, source: LibrarySource, environ: Mapping[str, str]) -> str | None:
    if not source.url.startswith(("http://", "https://")):
        return None
    own = environ.get(source_token_variable(source.name))
    if own:
        return own
    gitlab = app.settings.gitlab_token
    git_url = app.settings.git_url.removeprefix("gitlab+")
    if gitlab and git_url.startswith(("http://", "https://")):
        if urlsplit(git_url).netloc == urlsplit(source.url).netloc:
            return gitlab
    return None


def mirror_folder(app: App, name: str) -> Path:
    return app.settings.home / "sources" / f"{name}.git"


def source_mirror(app: App, source: LibrarySource) -> RepositoryMirror:
    env = auth_env(app, source)
    return RepositoryMirror(source.url, mirror_folder(app, source.name), env=env, secrets=_env_secrets(env))


def remote_head(app: App, source: LibrarySource) -> str:
    """The commit `source`'s branch points at on the remote, asked with `git ls-remote` (nothing is fetched)."""
    env = auth_env(app, source)
    secrets = _env_secrets(env)

    def redact(text: str) -> str:
        return redact_text(text, secrets)

    result = run_git(["ls-remote", "--heads", source.url, f"refs/heads/{source.branch}"], redact=redact, env=env)
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
