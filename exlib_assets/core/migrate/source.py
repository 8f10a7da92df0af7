"""The repository a migration reads: a folder on this machine, or a git URL cloned for the run."""

import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from exlib_assets.core.errors import ExlibError, NotFoundError
from exlib_assets.core.githost.base import redact_text, strip_credentials, url_secrets
from exlib_assets.core.githost.credentials import GitRemote
from exlib_assets.core.githost.gitcli import failure, run_git

# `scheme://...` or scp-like `user@host:path`: what git clones that is not a local folder.
_GIT_URL = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*://|[\w.-]+@[\w.-]+:)")


@dataclass(frozen=True)
class SourceTree:
    """A readable copy of the repository: `root` is its top, `start` the folder to look in
    (`root` itself, or the `--under` folder), `shown` how reports name the repository."""

    root: Path
    start: Path
    shown: str

    def relative(self, folder: Path) -> str:
        """`folder` as a path from the repository's top (`week1/hello`), `.` for the top itself."""
        return folder.relative_to(self.root).as_posix()


@contextmanager
def open_source(location: str, under: str | None, *, workspaces: Path) -> Iterator[SourceTree]:
    """The repository at `location` (a folder, a bare repository or a git URL) with `under` checked.

    A folder is read as it is on disk, uncommitted files included; a bare repository or a URL
    is cloned (its default branch) into a temporary folder under `workspaces`, removed afterwards.
    """
    path = Path(location).expanduser()
    if path.is_dir() and not _is_bare_repository(path):
        root = path.absolute()
        yield SourceTree(root, resolve_under(root, under, location), location)
        return
    if not path.is_dir() and not _GIT_URL.match(location):
        raise NotFoundError(
            f"{location} is neither a folder on this machine nor a git URL; give the path of a copy of the "
            "assignments repository, or a URL git can clone (https://..., ssh://..., git@host:path)."
        )
    with tempfile.TemporaryDirectory(prefix="migrate-source-", dir=workspaces) as folder:
        root = Path(folder) / "repository"
        _clone(str(path.absolute()) if path.is_dir() else location, root)
        yield SourceTree(root, resolve_under(root, under, location), strip_credentials(location))


def _is_bare_repository(path: Path) -> bool:
    return (path / "HEAD").is_file() and (path / "objects").is_dir() and not (path / ".git").exists()


def _clone(url: str, target: Path) -> None:
    def redact(text: str) -> str:
        return redact_text(text, url_secrets(url))

    # The URL's credentials go to git through its environment, never its command line.
    remote = GitRemote.parse(url)
    result = run_git(
        [*remote.git_args(), "clone", "--quiet", "--depth", "1", remote.url, str(target)],
        redact=redact,
        env=remote.environment(),
    )
    if result.returncode != 0:
        raise failure(f"clone {strip_credentials(url)}", result, redact)


def resolve_under(root: Path, under: str | None, location: str) -> Path:
    """The folder `under` names inside the repository at `root` (`root` itself without one)."""
    if not under:
        return root
    parts = PurePosixPath(under.strip("/")).parts
    if under.startswith("/") or "\\" in under or ".." in parts or ".git" in parts:
        raise ExlibError(
            f"--under {under!r} must be a folder inside the repository, written relative to its top "
            "(e.g. `week1` or `2025/week1`), without '..'."
        )
    start = root.joinpath(*parts)
    if start.is_symlink() or not start.is_dir():
        raise NotFoundError(f"--under {under!r}: {location} has no folder {'/'.join(parts)}.")
    return start
