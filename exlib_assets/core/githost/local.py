"""Git hosts without an API: bare repositories in a local folder, or any git server exlib can push to."""

from collections.abc import Iterable
from pathlib import Path

from exlib_assets.core.errors import GitHostError
from exlib_assets.core.githost.base import (
    DEFAULT_BRANCH,
    GitHost,
    check_repository_name,
    strip_credentials,
    url_secrets,
)
from exlib_assets.core.githost.credentials import GitRemote
from exlib_assets.core.githost.gitcli import MISSING, classify, failure, run_git


class LocalGitHost(GitHost):
    """Bare repositories `ROOT/{name}.git`: the embedded default, and what a `git daemon` can serve."""

    def __init__(self, root: Path):
        # Absolute, because git runs inside each working copy and would read a relative path from there.
        self.root = Path(root).expanduser().absolute()

    def __repr__(self) -> str:
        return f"LocalGitHost({str(self.root)!r})"

    def describe(self) -> str:
        return f"local bare repositories in {self.root}"

    def path(self, name: str) -> Path:
        return self.root / f"{check_repository_name(name)}.git"

    def ensure_repository(self, name: str) -> None:
        path = self.path(name)
        if self.repository_exists(name):
            return
        if path.exists() and not (path.is_dir() and not any(path.iterdir())):
            raise GitHostError(f"{path} exists but is not a bare git repository; move it away and try again.")
        self.root.mkdir(parents=True, exist_ok=True)
        # Two callers racing here is harmless: `git init` on a fresh bare repository only re-initialises it.
        result = run_git(
            ["init", "--quiet", "--bare", f"--initial-branch={DEFAULT_BRANCH}", str(path)], redact=self.redact
        )
        if result.returncode != 0:
            raise failure(f"create {path}", result, self.redact, hint=f"check that {self.root} is writable")

    def repository_exists(self, name: str) -> bool:
        path = self.path(name)
        return (path / "HEAD").is_file() and (path / "objects").is_dir()

    def push_url(self, name: str) -> str:
        return str(self.path(name))

    def display_url(self, name: str) -> str:
        return str(self.path(name))


class RemoteGitHost(GitHost):
    """Any git URL exlib can push to (`git://`, `ssh://`, `http(s)://`); it cannot create repositories.

    `base_url` is the folder the repositories live in: `git://host:9418/courses/` holds
    `git://host:9418/courses/prog1_2026-assignments.git`. A password in it is masked in every message.
    """

    def __init__(self, base_url: str):
        self._base_url = base_url if base_url.endswith(("/", ":")) else f"{base_url}/"

    def __repr__(self) -> str:
        return f"RemoteGitHost({strip_credentials(self._base_url)!r})"

    def describe(self) -> str:
        return f"git server at {strip_credentials(self._base_url)}"

    def ensure_repository(self, name: str) -> None:
        if not self.repository_exists(name):
            raise GitHostError(
                f"repository {name} does not exist on the {self.describe()}, and exlib cannot create repositories "
                f"on a plain git server: create an empty repository named {name} there "
                f"(e.g. `git init --bare --initial-branch=main {name}.git`), then try again."
            )

    def repository_exists(self, name: str) -> bool:
        # ls-remote succeeds on an empty repository too: it has no refs to list, but it exists.
        remote = GitRemote.parse(self.push_url(name))
        result = run_git(
            [*remote.git_args(), "ls-remote", "--heads", remote.url],
            redact=self.redact,
            env=remote.environment(),
            timeout=60,
        )
        if result.returncode == 0:
            return True
        if classify(result.stderr) == MISSING:
            return False
        raise failure(f"check repository {name} at {self.describe()}", result, self.redact)

    def push_url(self, name: str) -> str:
        return f"{self._base_url}{check_repository_name(name)}.git"

    def display_url(self, name: str) -> str:
        return strip_credentials(self.push_url(name))

    def _secrets(self) -> Iterable[str]:
        return url_secrets(self._base_url)
