"""Many files committed at once: their contents go into the repository as one pack first.

`git add` stores each new file as a loose object, a file of its own compressed quickly, and
`git push` then compresses every one of them again to send them. For a deploy of 500 examples
(5,000 files) or the first student template of such a course (3,500), that was most of git's
time. Given the bytes exlib holds anyway, `git fast-import` writes them into one pack, compressed
once: `git add` then finds each file's object there and writes nothing, and `git push` sends the
packed data as it is (see BENCHMARKS.md, B2 and B3).

The commit is still made by `git add` and `git commit` from the files in the working copy; the
pack is only a store git looks in first. A file git stores otherwise than it lies on disk (a
`.gitattributes` conversion or filter) simply does not match: git writes its object as before and
the packed one is never used (a later `git gc` drops it). Nothing here touches the working tree,
the index or a ref.
"""

import subprocess
import tempfile
from collections.abc import Callable, Collection
from pathlib import Path

from exlib_assets.core.errors import GitHostError
from exlib_assets.core.githost.gitcli import GIT_TIMEOUT_S, git_env

# Below this many files the extra process, and the pack it writes and flushes to disk, cost more
# than the loose objects they spare; and a push of fewer than 100 objects is unpacked into loose
# objects by the receiving git anyway (transfer.unpackLimit). Measured: see BENCHMARKS.md.
MIN_FILES = 100


def pack_contents(folder: Path, contents: Collection[bytes], redact: Callable[[str], str]) -> bool:
    """Store `contents` (file bytes) as blobs in one new pack of the repository at `folder`;
    whether it did (fewer than MIN_FILES are left to `git add`). GitHostError if git fails."""
    if len(contents) < MIN_FILES:
        return False
    with tempfile.TemporaryFile() as said:
        try:
            process = subprocess.Popen(
                ["git", "fast-import", "--quiet", "--done"],
                cwd=folder,
                env=git_env(),
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=said,
                start_new_session=True,
            )
        except OSError as error:
            problem = f"`git fast-import` could not be started ({error.strerror}); install git 2.28 or newer."
            raise GitHostError(problem) from None
        try:
            _feed(process, contents)
            process.wait(timeout=GIT_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        said.seek(0)
        message = said.read().decode(errors="replace")
    if process.returncode != 0:
        shown = " | ".join(line.strip() for line in message.strip().splitlines()[-4:]) or "nothing"
        raise GitHostError(
            redact(
                f"could not store the {len(contents)} new files in the git objects of {folder}: git fast-import "
                f"said: {shown}. Check the disk holding it (space, permissions), then run the command again."
            )
        )
    return True


def _feed(process: subprocess.Popen, contents: Collection[bytes]) -> None:
    """Write one `blob` command per content, then `done`; a git that stopped reading is left to
    say why through its exit status."""
    assert process.stdin is not None
    try:
        for data in contents:
            process.stdin.write(b"blob\ndata %d\n" % len(data))
            process.stdin.write(data)
            process.stdin.write(b"\n")
        process.stdin.write(b"done\n")
        process.stdin.close()
    except BrokenPipeError:
        pass
