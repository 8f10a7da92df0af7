"""Which folders of an existing assignments repository are assignments.

A folder is an assignment when it holds a meta.yaml, or, with no meta.yaml anywhere below it,
when its files say so: source code directly in it (or in `src/` or a tests folder), or a
`.studentfiles` list. The search does not go into an assignment (its subfolders are its own),
nor into hidden folders (`.git/`, `.course-metadata/`). The top of the repository is never an
assignment by its files alone: course-wide helpers and CI files live there. A symlinked folder is
never followed but is listed, so that importing it is refused with the reason.
"""

import os
from dataclasses import dataclass, field
from pathlib import Path

from exlib_assets.core.migrate.languages import TEST_FOLDERS, language_of
from exlib_assets.core.safety import IGNORED_NAMES
from exlib_assets.core.storage import META_FILE
from exlib_assets.core.templates.traditional import STUDENT_FILES

# Subfolders whose code belongs to the folder above them.
_CODE_SUBFOLDERS = ("src", *TEST_FOLDERS)


@dataclass(frozen=True)
class AssignmentFolder:
    path: Path
    # From the top of the repository, `week1/hello_world`.
    relative: str
    has_meta: bool


@dataclass
class FoundFolders:
    folders: list[AssignmentFolder] = field(default_factory=list)
    # Source files outside every assignment (`week1/common.py`): not imported, but named.
    loose_files: list[str] = field(default_factory=list)


def find_assignment_folders(root: Path, start: Path) -> FoundFolders:
    """Every assignment folder at or below `start` (inside the repository at `root`), in path order."""
    found = FoundFolders()
    _visit(root, start, found)
    return found


def _visit(root: Path, folder: Path, found: FoundFolders) -> None:
    relative = folder.relative_to(root).as_posix()
    if (folder / META_FILE).is_file():
        found.folders.append(AssignmentFolder(folder, relative, has_meta=True))
        return
    if folder != root and not _holds_meta_below(folder) and _looks_like_assignment(folder):
        found.folders.append(AssignmentFolder(folder, relative, has_meta=False))
        return
    for child in sorted(folder.iterdir()):
        if child.name in IGNORED_NAMES or (child.name.startswith(".") and child.is_dir()):
            continue
        if child.is_symlink():
            if child.is_dir():
                # Never followed, but named: reading it is refused with the reason, like any import.
                found.folders.append(AssignmentFolder(child, child.relative_to(root).as_posix(), has_meta=False))
            continue
        if child.is_dir():
            _visit(root, child, found)
        elif child.is_file() and language_of(child.name) is not None:
            found.loose_files.append(child.relative_to(root).as_posix())


def _looks_like_assignment(folder: Path) -> bool:
    if (folder / STUDENT_FILES).is_file() or _holds_code(folder):
        return True
    return any(_holds_code(folder / name) for name in _CODE_SUBFOLDERS if (folder / name).is_dir())


def _holds_code(folder: Path) -> bool:
    return any(child.is_file() and language_of(child.name) is not None for child in folder.iterdir())


def _holds_meta_below(folder: Path) -> bool:
    for current, subfolders, files in os.walk(folder):  # symlinked folders are not followed
        if current != str(folder) and META_FILE in files:
            return True
        subfolders[:] = [name for name in subfolders if not name.startswith(".") and name not in IGNORED_NAMES]
    return False
