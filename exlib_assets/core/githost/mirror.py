"""A bare local mirror of a course repository, kept current by `git fetch`, and the read-only questions asked of it.

A sensor looks at every course repository on every tick; a clone per tick would copy the whole
history each time, while a fetch into a kept mirror brings only the new objects. Branches land in
the mirror's own `refs/heads/*`, exactly as on the remote. The push URL may hold a token: git gets
the URL without it on each fetch and the token through its environment (`credentials.py`); nothing
is written to the mirror's config.
"""

import subprocess
from collections.abc import Iterable, Mapping
from pathlib import Path

from exlib_assets.core.errors import GitHostError
from exlib_assets.core.githost.base import DEFAULT_BRANCH, redact_text, strip_credentials, url_secrets
from exlib_assets.core.githost.credentials import GitRemote
from exlib_assets.core.githost.gitcli import GIT_TIMEOUT_S, failure, git_env, run_git


class RepositoryMirror:
    """A bare copy of a remote repository in `folder`, kept current by fetch (only new objects travel)."""

    def __init__(
        self, push_url: str, folder: Path, *, env: Mapping[str, str] | None = None, secrets: Iterable[str] = ()
    ):
        """`env` is added to git's environment (credentials that must not be on a command line);
        `secrets` are masked in every message, as the URL's password is."""
        self.folder = Path(folder).absolute()
        self._remote = GitRemote.parse(push_url)
        self._env = dict(env or {})
        self._secrets = url_secrets(push_url) | set(secrets)

    def __repr__(self) -> str:
        return f"RepositoryMirror({self.display_url!r}, {str(self.folder)!r})"

    @property
    def display_url(self) -> str:
        return strip_credentials(self._remote.url)

    def fetch(self) -> None:
        """Create the mirror if needed, then make its branches match the remote's (deleted ones go too)."""
        self._init()
        result = self._run(
            *self._remote.git_args(),
            "fetch",
            "--quiet",
            "--prune",
            "--no-tags",
            self._remote.url,
            "+refs/heads/*:refs/heads/*",
            env=self._remote.environment(),
        )
        if result.returncode != 0:
            raise failure(f"fetch {self.display_url} into {self.folder}", result, self.redact)

    def head(self, branch: str = DEFAULT_BRANCH) -> str | None:
        """The commit of `branch` as last fetched, or None when the remote had no such branch."""
        result = self._run("rev-parse", "--verify", "--quiet", f"refs/heads/{branch}^{{commit}}")
        return result.stdout.strip() if result.returncode == 0 else None

    def branches(self, prefix: str = "") -> dict[str, str]:
        """{branch name: commit} of every fetched branch whose name starts with `prefix`."""
        # Filtered here: for-each-ref patterns match whole path components, not any prefix.
        lines = self._output("for-each-ref", "--format=%(objectname) %(refname)", "refs/heads/").splitlines()
        refs = (line.split(" ", 1) for line in lines)
        names = {ref.removeprefix("refs/heads/"): sha for sha, ref in refs}
        return {name: sha for name, sha in names.items() if name.startswith(prefix)}

    def changed_files(self, old: str | None, new: str) -> list[str]:
        """Sorted paths added, changed or removed from commit `old` to `new`; every file of `new` when `old` is None.

        A rename counts as the removal of one path and the addition of another.
        """
        if old is None:
            names = self._output("ls-tree", "-r", "-z", "--name-only", new)
        else:
            names = self._output("diff-tree", "-r", "-z", "--no-renames", "--name-only", old, new)
        return sorted(_split_nul(names))

    def files_under(self, commit: str, folder: str) -> dict[str, str]:
        """{path relative to `folder`: blob} of every file below repository folder `folder` at `commit`.

        `folder` is a posix path from the repository root ("" for the whole tree); {} when it is absent.
        """
        inside = folder.strip("/")
        spec = ["--", inside] if inside else []
        entries = self._output("--literal-pathspecs", "ls-tree", "-r", "-z", commit, *spec)
        prefix = f"{inside}/" if inside else ""
        files = {}
        for entry in _split_nul(entries):
            kind, sha, path = _tree_entry(entry)
            # Submodules are commits, not files; the prefix check keeps `week10` out of `week1`.
            if kind == "blob" and path.startswith(prefix):
                files[path.removeprefix(prefix)] = sha
        return files

    def read_blobs(self, shas: Iterable[str]) -> dict[str, bytes]:
        """{sha: exact bytes} of many blobs, read by one `git cat-file --batch` process."""
        wanted = list(dict.fromkeys(shas))
        if not wanted:
            return {}
        command = ["git", "--git-dir", str(self.folder), "cat-file", "--batch"]
        try:
            # Bytes, not text: blobs may be binary, and text mode would turn `\r\n` into `\n`.
            result = subprocess.run(
                command,
                input="".join(f"{sha}\n" for sha in wanted).encode(),
                env=git_env(),
                capture_output=True,
                timeout=GIT_TIMEOUT_S,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise GitHostError(f"reading {len(wanted)} files from {self.folder} took over {GIT_TIMEOUT_S} s.") from None
        if result.returncode != 0:
            said = result.stderr.decode(errors="replace").strip() or "nothing"
            raise GitHostError(f"could not read files from {self.folder}; git said: {said}")
        return _parse_batch(result.stdout, wanted, self.folder)

    def last_commit_touching(self, old: str | None, new: str, folder: str) -> str | None:
        """The newest commit in `old..new` (all of `new` when `old` is None) that changed anything below `folder`."""
        since = [f"^{old}"] if old is not None else []
        inside = folder.strip("/")
        spec = ["--", inside] if inside else []
        found = self._output("--literal-pathspecs", "rev-list", "--max-count=1", new, *since, *spec).strip()
        return found or None

    def is_ancestor(self, commit: str, of: str) -> bool:
        """True when `commit` is `of` or in its history.

        A commit the mirror does not have (dropped by a force-push, or a mirror made afresh) is no
        ancestor, so a caller falls back to looking at everything instead of failing on every tick.
        """
        if self._run("cat-file", "-e", f"{commit}^{{commit}}").returncode != 0:
            return False
        result = self._run("merge-base", "--is-ancestor", commit, of)
        if result.returncode not in (0, 1):
            raise failure(f"compare {commit} with {of} in {self.folder}", result, self.redact)
        return result.returncode == 0

    def redact(self, text: str) -> str:
        """`text` with the push URL's credentials masked."""
        return redact_text(text, self._secrets)

    def _init(self) -> None:
        probe = self._run("rev-parse", "--is-bare-repository")
        if probe.returncode == 0 and probe.stdout.strip() == "true":
            return
        if self.folder.exists() and any(self.folder.iterdir()):
            raise GitHostError(
                f"{self.folder} holds files but is not a bare git repository; exlib will not overwrite it: "
                "give an empty or new folder for the mirror."
            )
        self.folder.mkdir(parents=True, exist_ok=True)
        result = run_git(
            ["init", "--quiet", "--bare", f"--initial-branch={DEFAULT_BRANCH}", str(self.folder)], redact=self.redact
        )
        if result.returncode != 0:
            raise failure(f"create a mirror in {self.folder}", result, self.redact, hint="check that it is writable")

    def _run(self, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        # The repository is named, never discovered: no parent repository is picked up by mistake,
        # and git's `safe.bareRepository=explicit` setting accepts it.
        return run_git(["--git-dir", str(self.folder), *args], redact=self.redact, env={**self._env, **(env or {})})

    def _output(self, *args: str) -> str:
        """Stdout of a git command that should not fail; GitHostError with git's message if it does."""
        result = self._run(*args)
        if result.returncode != 0:
            command = next(arg for arg in args if not arg.startswith("-"))
            raise failure(f"run git {command} in {self.folder}", result, self.redact)
        return result.stdout


def _split_nul(output: str) -> list[str]:
    return [item for item in output.split("\0") if item]


def _tree_entry(entry: str) -> tuple[str, str, str]:
    """(type, sha, path) of one `ls-tree -z` entry: `<mode> <type> <sha>\\t<path>`."""
    meta, path = entry.split("\t", 1)
    _mode, kind, sha = meta.split(" ")
    return kind, sha, path


def _parse_batch(output: bytes, wanted: list[str], folder: Path) -> dict[str, bytes]:
    """Cut `cat-file --batch` output into contents: per object `<sha> <type> <size>\\n<bytes>\\n`."""
    blobs = {}
    position = 0
    for sha in wanted:
        header_end = output.index(b"\n", position)
        header = output[position:header_end].decode().split(" ")
        if len(header) != 3:
            raise GitHostError(f"the mirror {folder} has no object {sha}; fetch again, or drop the stored sha.")
        start = header_end + 1
        size = int(header[2])
        blobs[sha] = output[start : start + size]
        position = start + size + 1
    return blobs
