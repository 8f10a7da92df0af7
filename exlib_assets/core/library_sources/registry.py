"""The library sources known to exlib: add, list, look up and remove them."""

import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import sqlalchemy as sa

from exlib_assets.core.app import App
from exlib_assets.core.db.models import ExampleVersion, LibrarySource
from exlib_assets.core.errors import ExlibError, NotFoundError
from exlib_assets.core.githost.base import DEFAULT_BRANCH, strip_credentials
from exlib_assets.core.library_sources.remote import mirror_folder

_NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,62}\Z")
_BRANCH = re.compile(r"^(?!/)(?!.*\.\.)(?!.*//)[A-Za-z0-9._/-]+(?<!/)(?<!\.lock)\Z")
_URL_SCHEMES = ("http://", "https://", "ssh://", "git://", "file://")


def add_source(app: App, name: str, url: str, *, branch: str = DEFAULT_BRANCH, under: str = "") -> dict:
    """Record a new source; nothing is fetched until it is synced."""
    name = _check_name(name)
    url = _check_url(url)
    branch = _check_branch(branch)
    under = _check_under(under)
    with app.db.session() as session:
        if session.scalar(sa.select(LibrarySource).where(LibrarySource.name == name)) is not None:
            raise ExlibError(
                f"a library source named {name!r} exists already; pick another name, or "
                f"`exlib library source remove {name}` first."
            )
        source = LibrarySource(
            name=name, library=app.storage.library, url=url, branch=branch, under=under, folders={}, retry_folders=[]
        )
        session.add(source)
        session.flush()
        return summary_of(source)


def list_sources(app: App) -> list[dict]:
    with app.db.session() as session:
        sources = session.scalars(
            sa.select(LibrarySource).where(LibrarySource.library == app.storage.library).order_by(LibrarySource.name)
        )
        return [summary_of(source) for source in sources]


def require_source(session, app: App, name: str) -> LibrarySource:
    source = session.scalar(
        sa.select(LibrarySource).where(LibrarySource.name == name, LibrarySource.library == app.storage.library)
    )
    if source is None:
        raise NotFoundError(
            f"there is no library source named {name!r}; `exlib library source list` shows them, "
            "`exlib library source add NAME URL` adds one."
        )
    return source


def remove_source(app: App, name: str) -> dict:
    """Forget a source and its mirror; the versions it brought stay in the library (they are immutable)."""
    with app.db.session() as session:
        source = require_source(session, app, name)
        summary = summary_of(source)
        kept = session.scalar(
            sa.select(sa.func.count()).select_from(ExampleVersion).where(ExampleVersion.source_name == name)
        )
        session.delete(source)
    shutil.rmtree(mirror_folder(app, name), ignore_errors=True)
    return {**summary, "versions_kept": kept}


def summary_of(source: LibrarySource) -> dict:
    """A source as callers see it (the CLI prints it, the API returns it): settings and sync state."""
    return {
        "name": source.name,
        "url": source.url,
        "branch": source.branch,
        "under": source.under,
        "synced_commit": source.synced_commit,
        "synced_at": source.synced_at.isoformat() if source.synced_at else None,
        "examples": len(source.folders or {}),
        "failing": list(source.retry_folders or []),
    }


def _check_name(name: str) -> str:
    if not _NAME.match(name):
        raise ExlibError(
            f"{name!r} is not a usable source name: use lower-case letters, digits, '_', '-' and '.', "
            "starting with a letter or digit (e.g. 'algorithms')."
        )
    return name


def _check_url(url: str) -> str:
    if not url.strip():
        raise ExlibError("the source URL is empty: give a git URL or the path of a local git repository.")
    if strip_credentials(url) != url:
        raise ExlibError(
            "the source URL holds a password or token, which exlib would have to store; give the URL "
            "without it and put the token in the environment (EXLIB_SOURCE_TOKEN__<NAME>, or a git "
            "credential helper or SSH key)."
        )
    if url.startswith(_URL_SCHEMES) or re.match(r"^[\w.-]+@[\w.-]+:", url):
        if url.startswith(("http://", "https://")) and not urlsplit(url).hostname:
            raise ExlibError(f"{url!r} names no host; give a URL such as https://gitlab.example.edu/group/library.git")
        return url
    path = Path(url).expanduser().absolute()
    if not path.exists():
        raise ExlibError(
            f"{url!r} is neither a git URL (https://, ssh://, git://, file://, user@host:path) nor an "
            "existing local folder; check the spelling."
        )
    return str(path)


def _check_branch(branch: str) -> str:
    if not _BRANCH.match(branch):
        raise ExlibError(f"{branch!r} is not a usable branch name; give one such as 'main'.")
    return branch


def _check_under(under: str) -> str:
    inside = under.strip().strip("/")
    parts = inside.split("/") if inside else []
    if any(part in ("", ".", "..") or part.startswith(".") for part in parts):
        raise ExlibError(
            f"--under {under!r} is not a plain folder path inside the repository; give one such as "
            "'examples/python' (no '..', no hidden folders)."
        )
    return inside
