"""Three-way merge of a deployed folder, file by file.

The base is the folder as exlib deployed it, "ours" is what the repository holds now (the
lecturer's edits) and "theirs" is the new version. A file only one side changed takes that
side; a text file both changed goes through `git merge-file`; anything else both changed
(binary files, one side deleting what the other edited, both adding different files) is a
conflict for a person to settle.
"""

import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

# git's own test for "binary": a NUL byte in the first 8000 bytes.
_BINARY_PROBE = 8000


@dataclass(frozen=True)
class FileConflict:
    path: str
    kind: str

    def describe(self) -> str:
        return f"{self.path} ({self.kind})"


@dataclass
class MergedFolder:
    # The folder's files after the merge. A conflicted text file holds git's conflict markers;
    # a conflicted binary file or a modify/delete keeps the lecturer's side.
    files: dict[str, bytes] = field(default_factory=dict)
    conflicts: list[FileConflict] = field(default_factory=list)
    # Files where the lecturer's edits survive, and files the library changed.
    kept_local: list[str] = field(default_factory=list)
    from_library: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.conflicts


def merge_folder(
    base: dict[str, bytes],
    ours: dict[str, bytes],
    theirs: dict[str, bytes],
    *,
    labels: tuple[str, str, str] = ("yours", "deployed", "library"),
) -> MergedFolder:
    """Merge `theirs` into `ours` with `base` as common ancestor; `labels` name ours, base and
    theirs in conflict markers."""
    merged = MergedFolder()
    for path in sorted(base.keys() | ours.keys() | theirs.keys()):
        old, mine, new = base.get(path), ours.get(path), theirs.get(path)
        if mine == new or new == old:
            result = mine
            if mine != old:
                merged.kept_local.append(path)
        elif mine == old:
            result = new
            merged.from_library.append(path)
        else:
            result = _both_changed(path, old, mine, new, labels, merged)
        if result is not None:
            merged.files[path] = result
    return merged


def _both_changed(
    path: str,
    old: bytes | None,
    mine: bytes | None,
    new: bytes | None,
    labels: tuple[str, str, str],
    merged: MergedFolder,
) -> bytes | None:
    if mine is None:
        merged.conflicts.append(FileConflict(path, "you deleted it, the library changed it"))
        return new
    if new is None:
        merged.conflicts.append(FileConflict(path, "you changed it, the library deleted it"))
        return mine
    if any(_is_binary(content) for content in (old, mine, new) if content is not None):
        merged.conflicts.append(FileConflict(path, "binary file changed on both sides; yours is kept"))
        return mine
    text, conflicted = _merge_text(old or b"", mine, new, labels)
    if conflicted:
        kind = "both changed the same lines" if old is not None else "both added it with different content"
        merged.conflicts.append(FileConflict(path, kind))
    else:
        merged.kept_local.append(path)
        merged.from_library.append(path)
    return text


def _is_binary(content: bytes) -> bool:
    return b"\0" in content[:_BINARY_PROBE]


def _merge_text(base: bytes, mine: bytes, new: bytes, labels: tuple[str, str, str]) -> tuple[bytes, bool]:
    with tempfile.TemporaryDirectory(prefix="exlib-merge-") as folder:
        names = []
        for name, content in (("ours", mine), ("base", base), ("theirs", new)):
            (Path(folder) / name).write_bytes(content)
            names.append(str(Path(folder) / name))
        ours_label, base_label, theirs_label = labels
        command = ["git", "merge-file", "-p", "-L", ours_label, "-L", base_label, "-L", theirs_label, *names]
        result = subprocess.run(command, capture_output=True, check=False)
    # merge-file exits with the number of conflicts, or a negative number on error.
    if result.returncode < 0 or result.returncode > 127:
        raise RuntimeError(f"git merge-file failed: {result.stderr.decode(errors='replace').strip()}")
    return result.stdout, result.returncode > 0
