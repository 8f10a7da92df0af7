"""Notes exlib keeps about a working copy inside its own `.git` folder.

No push can write there and git never checks anything out there, so a note is exlib's alone:
the course index at the commit a run last wrote, the template build's folder keys, the mark of
a copy left settled. A note is a cache: one that is missing or unreadable costs the next run
time, never correctness. Each is replaced in one step, so a run killed half-way leaves the old
note or the new one, never half of one.
"""

import contextlib
import os
from pathlib import Path


def read_note(repository: Path, name: str) -> str | None:
    """The note `name` of the working copy at `repository`; None when there is none, it cannot
    be read as text, or `.git` is not a folder exlib made."""
    if not _own_git_folder(repository):
        return None
    try:
        return (repository / ".git" / name).read_text()
    except (OSError, UnicodeDecodeError):
        return None


def take_note(repository: Path, name: str) -> str | None:
    """read_note, removing the note: whatever happens next, it is not found again."""
    text = read_note(repository, name)
    if text is not None:
        try:
            (repository / ".git" / name).unlink()
        except OSError:
            return None  # a note that cannot be taken away cannot be trusted either
    return text


def drop_note(repository: Path, name: str) -> None:
    with contextlib.suppress(FileNotFoundError, NotADirectoryError):
        (repository / ".git" / name).unlink()


def keep_note(repository: Path, name: str, text: str) -> None:
    """Write the note `name`, replacing the old one in one step; nothing when `.git` is not a
    folder exlib made (the next run then does without)."""
    if not _own_git_folder(repository):
        return
    partial = repository / ".git" / f"{name}.partial"
    partial.write_text(text)
    os.replace(partial, repository / ".git" / name)


def is_object_id(text: str) -> bool:
    """Whether `text` is a full git object id (SHA-1 or SHA-256, lower-case hex)."""
    return len(text) in (40, 64) and all(c in "0123456789abcdef" for c in text)


def _own_git_folder(repository: Path) -> bool:
    git_folder = repository / ".git"
    return git_folder.is_dir() and not git_folder.is_symlink()
