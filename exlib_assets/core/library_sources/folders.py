"""Which folders of a source hold examples, and which of them a change touched."""

from collections.abc import Iterable
from posixpath import dirname

from exlib_assets.core.storage import META_FILE


def example_folders(paths: Iterable[str]) -> list[str]:
    """Example folders among the file `paths` (relative to the source's folder): each folder with a
    meta.yaml, not nested in another one, none hidden. "" is the source's folder itself."""
    candidates = sorted(
        {dirname(path) for path in paths if path == META_FILE or path.endswith(f"/{META_FILE}")},
        key=lambda folder: (folder.count("/"), folder),
    )
    found: list[str] = []
    for folder in candidates:
        if any(part.startswith(".") for part in folder.split("/") if part):
            continue
        if any(_inside(folder, outer) for outer in found):
            continue  # a folder inside an example belongs to that example
        found.append(folder)
    return sorted(found)


def touched_folders(folders: Iterable[str], changed_paths: Iterable[str]) -> set[str]:
    """The example folders holding at least one of `changed_paths`."""
    folders = list(folders)
    touched = set()
    for path in changed_paths:
        for folder in folders:
            if _inside(path, folder):
                touched.add(folder)
                break
    return touched


def relative_to(path: str, under: str) -> str | None:
    """`path` (from the repository root) relative to folder `under`, or None when it is outside."""
    if not under:
        return path
    return path[len(under) + 1 :] if path.startswith(f"{under}/") else None


def _inside(path: str, folder: str) -> bool:
    return folder == "" or path == folder or path.startswith(f"{folder}/")
