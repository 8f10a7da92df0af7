"""A working copy of one course repository: match the remote, commit everything, push.

The remote is the source of truth and the working copy a disposable cache: `clone_or_fetch` makes
it match the remote branch exactly (local edits and unpushed commits are dropped). The push URL
may hold a token: git gets the URL without it on each fetch and push, and the token through a
credential helper reading git's environment (`credentials.py`), never on its command line; nothing
is written to `.git/config`. Fetched branches land in `refs/remotes/origin/*` as usual.
"""

import subprocess
from collections.abc import Collection, Sequence
from contextlib import AbstractContextManager
from pathlib import Path

from exlib_assets.core.errors import GitHostError
from exlib_assets.core.githost.base import DEFAULT_BRANCH, redact_text, strip_credentials, url_secrets
from exlib_assets.core.githost.blob_pack import BlobPacker, packing
from exlib_assets.core.githost.credentials import GitRemote
from exlib_assets.core.githost.gitcli import failure, run_git
from exlib_assets.core.githost.kept_notes import drop_note, is_object_id, keep_note, take_note

# Commits are authored by the person named in commit_all() and committed by exlib, so the history
# shows both, and committing needs no git user configuration on this machine.
COMMITTER_NAME = "exlib"
COMMITTER_EMAIL = "exlib@localhost"

# Byte-exact files (digests are checked) and no signing prompt, whatever the machine's git config says.
_CONFIG = ["-c", "core.autocrlf=false", "-c", "commit.gpgsign=false"]


class _Unknown:
    """The checked-out commit has not been read since git last ran a command that may move it."""


_UNKNOWN = _Unknown()
# Commands that never move HEAD (push as GitWorkspace runs it: it updates the remote only).
_LEAVE_HEAD = frozenset({"rev-parse", "log", "diff", "fetch", "push"})
# Commands that never touch the working tree or the index: the settled mark outlives them.
_LEAVE_FILES = _LEAVE_HEAD | {"update-ref", "ls-files", "ls-tree", "cat-file"}

# Inside `.git` (no push can write there): "<branch> <commit>" when the folder holds exactly that
# commit of that branch, as the last user of the folder left it (see mark_settled).
SETTLED_MARK = "exlib-settled"


class PushRejected(GitHostError):
    """The remote branch moved since the last fetch: start again from the remote (clone_or_fetch)
    and redo the change on top of it, as githost.redo.redo_until_pushed does."""


class LeaseLost(GitHostError):
    """Someone moved the remote branch since this working copy read it; their commit is `remote_commit`."""

    def __init__(self, message: str, remote_commit: str | None):
        super().__init__(message)
        self.remote_commit = remote_commit


class GitWorkspace:
    """An existing working copy in `folder` whose remote is `push_url`; make one with clone_or_fetch()."""

    def __init__(self, folder: Path, push_url: str):
        self.folder = Path(folder).absolute()
        self._remote = GitRemote.parse(push_url)
        self._secrets = url_secrets(push_url)
        # The checked-out commit while only this object moves HEAD (set where it is known anyway,
        # forgotten by every other git command): each rev-parse saved is a process not started.
        self._known_head: str | None | _Unknown = _UNKNOWN
        self._branch: str | None = None

    def __repr__(self) -> str:
        return f"GitWorkspace({str(self.folder)!r}, {self.display_url!r})"

    @property
    def display_url(self) -> str:
        return strip_credentials(self._remote.url)

    @classmethod
    def clone_or_fetch(cls, push_url: str, folder: Path, branch: str = DEFAULT_BRANCH) -> "GitWorkspace":
        """A working copy in `folder` (new, empty or an earlier working copy) matching the remote `branch`.

        An empty remote (no commits yet) gives an empty working copy on an unborn `branch`; the first
        commit_all() + push() creates the branch on the remote.
        """
        workspace = cls(folder, push_url)
        workspace._init(branch)
        # Taken before anything else: a run killed from here on leaves no mark, so the next
        # one checks every file again.
        settled = workspace._take_settled_mark(branch)
        workspace._fetch()
        upstream = workspace.remote_head(branch)
        if upstream is None:
            # Nothing on the remote: start `branch` from nothing, even if an earlier copy had commits.
            workspace._git("symbolic-ref", "HEAD", f"refs/heads/{branch}")
            workspace._git("update-ref", "-d", f"refs/heads/{branch}")
            workspace._git("read-tree", "--empty")
            workspace._git("clean", "-ffdxq")
        elif settled is None:
            workspace._git("checkout", "--quiet", "--force", "-B", branch, upstream)
            workspace._git("clean", "-ffdxq")
        elif settled != upstream:
            # Exactly the settled commit is there, with nothing beside it: checking the remote's
            # out leaves exactly that, with nothing to clean.
            workspace._git("checkout", "--quiet", "--force", "-B", branch, upstream)
        # else: the folder already holds exactly the remote branch. Checking out and cleaning
        # walk every file of the course (most of one small deploy into a large course).
        workspace._known_head, workspace._branch = upstream, branch
        return workspace

    def mark_settled(self) -> None:
        """Tell the next clone_or_fetch in this folder that it holds exactly the checked-out commit.

        Only the folder's user can know: call it last, when everything written was committed and
        nothing is left beside it (no ignored file, no empty folder). The mark lives in `.git`,
        where no push can write; clone_or_fetch takes it away before anything else, and any git
        command here that may change files drops it.
        """
        head = self.head()
        if self._branch is not None and head is not None:
            keep_note(self.folder, SETTLED_MARK, f"{self._branch} {head}\n")

    def head(self) -> str | None:
        """The commit checked out, or None before the first commit: as this object's own git
        commands left it (exlib moves HEAD only through them; a commit made in the folder by
        another command is not seen here, though push() still pushes it)."""
        if isinstance(self._known_head, _Unknown):
            self._known_head = self._rev_parse("HEAD")
        return self._known_head

    def remote_head(self, branch: str = DEFAULT_BRANCH) -> str | None:
        """The remote `branch` as of the last fetch or push, or None when the remote has no such branch."""
        return self._rev_parse(f"refs/remotes/origin/{branch}")

    def commit_all(
        self, message: str, author_name: str, author_email: str, only: Sequence[str] | None = None
    ) -> str | None:
        """Commit every change in the folder (new, changed, deleted files); the new sha, or None if nothing changed.

        `only` (paths of files or folders, relative to the working copy) limits it to what lies
        there: a caller that knows what it wrote spares git a walk through the whole tree. What
        lies there is committed even when a `.gitignore` of the repository matches it: the caller
        wrote it to be committed (a course ignoring `*.csv` must still get an example's data file).
        """
        if only is None:
            self._git("add", "--all")
        elif only:
            # `:(literal)`: a folder named `*` is that folder, not a pattern. The paths go on stdin,
            # as the message does below: a course of thousands of contents outgrows a command line.
            pathspecs = "".join(f":(literal){path}\0" for path in only)
            self._git("add", "--all", "--force", "--pathspec-from-file=-", "--pathspec-file-nul", stdin=pathspecs)
        author = {"GIT_AUTHOR_NAME": author_name, "GIT_AUTHOR_EMAIL": author_email}
        # Committing first and asking why only when it fails saves a `diff --cached` on every commit.
        committed = self._run("commit", "--quiet", "--no-verify", "--file=-", env=author, stdin=message)
        if committed.returncode != 0:
            if self._run("diff", "--cached", "--quiet").returncode == 0:
                return None  # re-running with nothing changed must not make a commit
            raise failure(f"run git commit in {self.folder}", committed, self.redact)
        return self.head()

    def packing(self) -> AbstractContextManager[BlobPacker]:
        """Hand the packer the bytes of each file as it is written; when the block ends git holds
        them as one pack, so that committing and pushing many files does not store and compress
        each again (blob_pack.py)."""
        return packing(self.folder, self.redact)

    def commit_paths(self, paths: Collection[str], message: str, author_name: str, author_email: str) -> str | None:
        """commit_all for a working copy in which only `paths` (files written or removed) may
        differ from the checked-out commit: git looks at those instead of every file."""
        return self.commit_all(message, author_name, author_email, only=sorted(paths))

    def changed_paths(self, since: str) -> list[str] | None:
        """The paths whose content or type differs between commit `since` and the checked-out commit
        (a folder replaced by a file lists both); None when `since` is not in this working copy."""
        result = self._run("diff", "--name-only", "--no-renames", "-z", since, "HEAD", "--")
        if result.returncode != 0:
            return None
        return [path for path in result.stdout.split("\0") if path]

    def start_branch(self, branch: str, at: str) -> None:
        """Check out a local `branch` starting at commit `at` (replacing a local one of that name)."""
        self._git("checkout", "--quiet", "--force", "-B", branch, at)
        self._git("clean", "-ffdxq")
        self._branch = branch

    def same_tree(self, commit: str) -> bool:
        """Whether `commit` holds exactly the files of the checked-out commit."""
        return self._rev_parse_tree("HEAD") == self._rev_parse_tree(commit)

    def last_commit(self, path: str) -> str | None:
        """The newest commit of the checked-out history that changed anything below `path`."""
        return self._run("log", "-1", "--format=%H", "--", path).stdout.strip() or None

    def authored_by(self, commit: str) -> str:
        """`name <email>` of the author of `commit`."""
        return self._run("log", "-1", "--format=%an <%ae>", commit).stdout.strip()

    def push(self, branch: str = DEFAULT_BRANCH) -> None:
        """Push the checked-out commit to the remote `branch`; PushRejected if the remote moved meanwhile.

        Never forced: to replace a branch, use push_with_lease().
        """
        result = self._run("push", "--porcelain", self._remote.url, f"HEAD:refs/heads/{branch}")
        if result.returncode == 0:
            self._git("update-ref", f"refs/remotes/origin/{branch}", "HEAD")
            return
        said = result.stdout + result.stderr
        # Asked of git, not of the head this object remembers: a commit made by another command
        # in this folder must be pushed, never taken for "nothing committed".
        if "src refspec HEAD does not match any" in said:
            return  # nothing committed yet: an empty repository stays empty
        # "cannot lock ref" / "failed to update ref": another push to the same branch was in
        # flight at that instant; like a non-fast-forward, fetching and redoing resolves it.
        moved = "fetch first" in said or "non-fast-forward" in said
        racing = "cannot lock ref" in said or "failed to update ref" in said or "incorrect old value" in said
        if ("[rejected]" in said and moved) or ("[remote rejected]" in said and racing):
            raise PushRejected(
                f"push to {self.display_url} ({branch}) was rejected: the remote branch has commits this "
                "working copy does not have. Fetch it again (clone_or_fetch) and redo the change on top of it, "
                "then push."
            )
        hint = None
        if "[remote rejected]" in said:
            hint = "the server refused the update (a protected branch or a server hook); check the branch's protection"
        raise failure(f"push {branch} to {self.display_url}", result, self.redact, hint=hint)

    def push_with_lease(self, branch: str, expected: str | None) -> None:
        """Push the checked-out commit to the remote `branch`, replacing it, but only while the remote
        still holds `expected` (None: only while the branch does not exist). LeaseLost, with the
        commit found there, when someone pushed to it meanwhile: their work is never replaced.
        """
        lease = f"--force-with-lease=refs/heads/{branch}:{expected or ''}"
        result = self._run("push", "--porcelain", lease, self._remote.url, f"HEAD:refs/heads/{branch}")
        if result.returncode == 0:
            self._git("update-ref", f"refs/remotes/origin/{branch}", "HEAD")
            return
        said = result.stdout + result.stderr
        if "[rejected]" not in said or "stale info" not in said:
            raise failure(f"push {branch} to {self.display_url}", result, self.redact)
        self._fetch()
        found = self.remote_head(branch)
        raise LeaseLost(
            f"{branch} on {self.display_url} moved to {found or 'nothing'} since this run read it "
            f"(at {expected or 'nothing'}); it was not replaced",
            found,
        )

    def redact(self, text: str) -> str:
        """`text` with the push URL's credentials masked."""
        return redact_text(text, self._secrets)

    def _init(self, branch: str) -> None:
        if (self.folder / ".git").is_dir():
            return
        if self.folder.exists() and any(self.folder.iterdir()):
            raise GitHostError(
                f"{self.folder} holds files but is not a git working copy; exlib will not overwrite it: "
                "give an empty or new folder."
            )
        self.folder.mkdir(parents=True, exist_ok=True)
        self._git("init", "--quiet", f"--initial-branch={branch}")

    def _take_settled_mark(self, branch: str) -> str | None:
        """The commit the settled mark names for `branch`, removing the mark; None without a usable one."""
        marked_branch, _, commit = (take_note(self.folder, SETTLED_MARK) or "").strip().partition(" ")
        return commit if marked_branch == branch and is_object_id(commit) else None

    def _fetch(self) -> None:
        result = self._run("fetch", "--quiet", "--prune", self._remote.url, "+refs/heads/*:refs/remotes/origin/*")
        if result.returncode != 0:
            raise failure(f"fetch {self.display_url}", result, self.redact)

    def _rev_parse_tree(self, ref: str) -> str | None:
        result = self._run("rev-parse", "--verify", "--quiet", f"{ref}^{{tree}}")
        return result.stdout.strip() if result.returncode == 0 else None

    def _rev_parse(self, ref: str) -> str | None:
        result = self._run("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
        return result.stdout.strip() if result.returncode == 0 else None

    def _run(
        self, *args: str, env: dict[str, str] | None = None, stdin: str | None = None
    ) -> subprocess.CompletedProcess[str]:
        if args[0] not in _LEAVE_HEAD and not _moves_remote_ref_only(args):
            self._known_head = _UNKNOWN
        if args[0] not in _LEAVE_FILES and args[0] != "init":
            drop_note(self.folder, SETTLED_MARK)
        committer = {"GIT_COMMITTER_NAME": COMMITTER_NAME, "GIT_COMMITTER_EMAIL": COMMITTER_EMAIL}
        return run_git(
            [*_CONFIG, *self._remote.git_args(), *args],
            cwd=self.folder,
            redact=self.redact,
            env={**committer, **self._remote.environment(), **(env or {})},
            stdin=stdin,
        )

    def _git(self, *args: str, env: dict[str, str] | None = None, stdin: str | None = None) -> None:
        """Run a git command that should not fail; GitHostError with git's message if it does."""
        result = self._run(*args, env=env, stdin=stdin)
        if result.returncode != 0:
            raise failure(f"run git {args[0]} in {self.folder}", result, self.redact)


def _moves_remote_ref_only(args: tuple[str, ...]) -> bool:
    """`update-ref refs/remotes/...`: a remote-tracking branch, which HEAD never is."""
    return args[0] == "update-ref" and len(args) > 1 and args[1].startswith("refs/remotes/")
