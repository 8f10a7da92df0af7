"""The branch heads of many repositories at once: what a sensor asks before it fetches anything.

Asking is cheap where fetching is not: for a remote, `git ls-remote` sends the list of refs and no
objects, and many remotes are asked in parallel (the time goes into waiting on the network). Bare
repositories in a local folder are not asked through git at all: their refs are read from their
files, as git itself would, which costs microseconds instead of a process per repository.
"""

from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

from exlib_assets.core.errors import GitHostError
from exlib_assets.core.githost.base import redact_text, strip_credentials, url_secrets
from exlib_assets.core.githost.credentials import GitRemote
from exlib_assets.core.githost.gitcli import GIT_TIMEOUT_S, failure, run_git

Key = TypeVar("Key")
Heads = dict[str, str]  # branch name -> commit

# Enough to keep a slow network busy, few enough for a git server's connection limits.
PARALLEL_ASKS = 16
ASK_TIMEOUT_S = min(GIT_TIMEOUT_S, 30)


def branch_heads(urls: Mapping[Key, str], *, parallel: int = PARALLEL_ASKS) -> dict[Key, Heads | GitHostError]:
    """{key: {branch: commit}} of every repository in `urls` (push URLs or local folders); a
    repository that cannot be asked gets its GitHostError instead, so one broken course does not
    hide the others."""
    local = {key: folder for key, url in urls.items() if (folder := _local_folder(url)) is not None}
    found: dict[Key, Heads | GitHostError] = {key: _read_local(folder) for key, folder in local.items()}
    remote = [(key, url) for key, url in urls.items() if key not in local]
    if remote:
        keys, remote_urls = zip(*remote, strict=True)
        with ThreadPoolExecutor(max_workers=max(1, min(parallel, len(remote)))) as pool:
            found.update(zip(keys, pool.map(_ask_remote, remote_urls), strict=True))
    return found


def _local_folder(url: str) -> Path | None:
    """The bare repository folder `url` names, when it is one on this machine git stores in files."""
    if "://" in url and not url.startswith("file://"):
        return None
    folder = Path(url.removeprefix("file://"))
    if not folder.is_absolute() or (folder / "reftable").exists():
        return None  # relative to git's working folder, or refs git keeps in a format we do not read
    return folder


def _read_local(folder: Path) -> Heads | GitHostError:
    if not (folder / "HEAD").is_file():
        return GitHostError(f"{folder} is not a git repository; `exlib check` on its course says more.")
    heads: Heads = {}
    packed = folder / "packed-refs"
    if packed.is_file():
        for line in packed.read_text(encoding="utf-8", errors="replace").splitlines():
            # `# pack-refs with: ...` is a header; `^sha` lines peel the tag above them.
            sha, _, ref = line.partition(" ")
            if ref.startswith("refs/heads/") and len(sha) >= 40:
                heads[ref.removeprefix("refs/heads/")] = sha
    loose = folder / "refs" / "heads"
    # A loose ref is newer than its packed copy, so it wins.
    for path in loose.rglob("*") if loose.is_dir() else ():
        if path.is_file() and not path.is_symlink() and not path.name.endswith(".lock"):
            sha = path.read_text(encoding="utf-8", errors="replace").strip()
            if len(sha) >= 40 and not sha.startswith("ref:"):
                heads[path.relative_to(loose).as_posix()] = sha
    return heads


def _ask_remote(url: str) -> Heads | GitHostError:
    secrets = url_secrets(url)

    def redact(text: str) -> str:
        return redact_text(text, secrets)

    # Credentials travel in git's environment, never on its command line (see credentials.py).
    remote = GitRemote.parse(url)
    try:
        result = run_git(
            [*remote.git_args(), "ls-remote", "--heads", remote.url],
            redact=redact,
            env=remote.environment(),
            timeout=ASK_TIMEOUT_S,
        )
    except GitHostError as error:
        return error
    if result.returncode != 0:
        return failure(f"ask {strip_credentials(url)} for its branches", result, redact)
    heads: Heads = {}
    for line in result.stdout.splitlines():
        sha, _, ref = line.partition("\t")
        if ref.startswith("refs/heads/"):
            heads[ref.removeprefix("refs/heads/")] = sha
    return heads
