"""Many files committed at once: their contents go into the repository as one pack first.

`git add` stores each new file as a loose object, a file of its own compressed quickly, and
`git push` then compresses every one of them again to send them. For a deploy of 500 examples
(5,000 files) or the first student template of such a course (3,500), that was most of git's
time. Given the bytes exlib holds anyway, `git fast-import` writes them into one pack, compressed
once: `git add` then finds each file's object there and writes nothing, and `git push` sends the
packed data as it is (see BENCHMARKS.md, B2 and B3). The bytes are handed over while the files
are being written, by a thread of their own, so git compresses on one core while exlib writes
files on the other.

The commit is still made by `git add` and `git commit` from the files in the working copy; the
pack is only a store git looks in first. A file git stores otherwise than it lies on disk (a
`.gitattributes` conversion or filter) simply does not match: git writes its object as before and
the packed one is never used (a later `git gc` drops it). Nothing here touches the working tree,
the index or a ref.
"""

import queue
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from exlib_assets.core.githost.gitcli import GIT_TIMEOUT_S, failure, git_env, not_started

# Below this many files the extra process, and the pack it writes and flushes to disk, cost more
# than the loose objects they spare; and a push of fewer than 100 objects is unpacked into loose
# objects by the receiving git anyway (transfer.unpackLimit). Measured: see BENCHMARKS.md.
MIN_FILES = 100
_COMMAND = ["git", "fast-import", "--quiet", "--done"]
_END = None


class BlobPacker:
    """Takes the bytes of files as they are written (add), and has git store them as one pack
    once MIN_FILES have come; finish() waits for git. Use it through packing()."""

    def __init__(self, folder: Path, redact: Callable[[str], str]):
        self.folder = folder
        self._redact = redact
        self._waiting: list[bytes] = []
        self._count = 0
        self._process: subprocess.Popen | None = None
        self._said: IO[bytes] | None = None
        self._queue: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        self._feeder: threading.Thread | None = None

    def add(self, data: bytes) -> None:
        self._count += 1
        if self._process is None:
            self._waiting.append(data)
            if len(self._waiting) >= MIN_FILES:
                self._start()
        else:
            self._queue.put(data)

    def finish(self) -> bool:
        """Wait until git has stored everything added; whether a pack was made (fewer than
        MIN_FILES are left to `git add`). GitHostError if git failed."""
        if self._process is None:
            return False
        self._queue.put(_END)
        assert self._feeder is not None and self._said is not None
        self._feeder.join()
        try:
            self._process.wait(timeout=GIT_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._said.seek(0)
        said = self._said.read().decode(errors="replace")
        self._said.close()
        if self._process.returncode != 0:
            result = subprocess.CompletedProcess(_COMMAND, self._process.returncode, "", said)
            raise failure(
                f"store the {self._count} new files in the git objects of {self.folder}",
                result,
                self._redact,
                hint="check the disk holding it (space, permissions), then run the command again",
            )
        return True

    def abandon(self) -> None:
        """Stop git (what it stored so far is only unused objects) and the thread feeding it."""
        if self._process is None:
            return
        self._process.kill()
        self._queue.put(_END)
        assert self._feeder is not None and self._said is not None
        self._feeder.join()
        self._process.wait()
        self._said.close()

    def _start(self) -> None:
        self._said = tempfile.TemporaryFile()
        try:
            self._process = subprocess.Popen(
                _COMMAND,
                cwd=self.folder,
                env=git_env(),
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=self._said,
                start_new_session=True,
            )
        except OSError as error:
            self._said.close()
            raise not_started(_COMMAND, error, self._redact) from None
        for data in self._waiting:
            self._queue.put(data)
        self._waiting = []
        self._feeder = threading.Thread(target=self._feed, name="exlib-blob-pack", daemon=True)
        self._feeder.start()

    def _feed(self) -> None:
        """One `blob` command per content, then `done`. A git that stopped reading is left to say
        why through its exit status; what is still queued is drained and dropped."""
        assert self._process is not None and self._process.stdin is not None
        stream = self._process.stdin
        broken = False
        while (data := self._queue.get()) is not _END:
            if broken:
                continue
            try:
                stream.write(b"blob\ndata %d\n" % len(data))
                stream.write(data)
                stream.write(b"\n")
            except (BrokenPipeError, ValueError):
                broken = True
        try:
            if not broken:
                stream.write(b"done\n")
            stream.close()
        except (BrokenPipeError, ValueError):
            pass


@contextmanager
def packing(folder: Path, redact: Callable[[str], str]) -> Iterator[BlobPacker]:
    """A BlobPacker for the repository at `folder`: finished when the block ends, abandoned if
    it raises."""
    packer = BlobPacker(folder, redact)
    try:
        yield packer
    except BaseException:
        packer.abandon()
        raise
    packer.finish()
