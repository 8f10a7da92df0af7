"""Files a guess never makes student-facing: what a careful lecturer would not hand out unasked.

A generated meta.yaml declares files student-facing, and the student template (and its leak
guard) trust that declaration. So, whatever their names suggest otherwise, these stay out of
every list a guess writes, and the import report lists them for review:
- test-run outputs: anything under `output/`, `outputs/`, `out/`, `results/`, `reports/`, and
  files named `results*`, `*summary*`, `*report*`, logs and build products (`*.log`, `*.o`, ...);
- master, solution and reference copies: `*_master.*`, `*_solution.*`, `*_reference.*` (also with
  `-`, and `master_*`, `solution_*`, `reference_*`); beside `task.py`, `task_master.py` is the
  reference of `task.py`, not a second file to hand in;
- a file with the same bytes as a test, a test case (`localTests/`), a solution or reference, or a
  test-run output: an expected output copied beside the task gives the answers away. When it is
  an input students need, the lecturer adds it to `additionalFiles` after reviewing the list.
"""

import posixpath
import re
from collections.abc import Iterable, Mapping

from exlib_assets.core.manifest import file_sha256

OUTPUT_FOLDERS = ("output", "outputs", "out", "results", "reports", "__pycache__", ".pytest_cache")
_OUTPUT_SUFFIXES = (".log", ".o", ".obj", ".exe", ".pyc", ".class", ".rout", ".out")
_OUTPUT_NAME = re.compile(r"^results?|summary|report", re.IGNORECASE)
_ROLE = "master|solutions?|reference"
_SUFFIXED_ROLE = re.compile(rf"^(?P<base>.+?)[_-](?P<role>{_ROLE})$", re.IGNORECASE)
_PREFIXED_ROLE = re.compile(rf"^(?P<role>{_ROLE})(?:[_-](?P<base>.+))?$", re.IGNORECASE)


def run_output_reason(path: str, *, is_code: bool = False) -> str | None:
    """Why `path` looks like the output of a test run or a build, or None. Code is judged by its
    folder alone: `stats_summary.R` is a task's source, `output/run.py` is not."""
    folders = path.split("/")[:-1]
    for folder in folders:
        if folder.lower() in OUTPUT_FOLDERS:
            return f"a test-run output (under {folder}/)"
    name = posixpath.basename(path)
    if is_code:
        return None
    if name.lower().endswith(_OUTPUT_SUFFIXES) or name == "a.out":
        return "a test-run or build output (by its ending)"
    if _OUTPUT_NAME.search(posixpath.splitext(name)[0]):
        return "a test-run output (named results*, *summary* or *report*)"
    return None


def reference_copy_reason(path: str, files: Iterable[str]) -> str | None:
    """Why `path` is a master/solution/reference copy (of the file it is named after), or None."""
    folder, name = posixpath.split(path)
    stem, ending = posixpath.splitext(name)
    match = _SUFFIXED_ROLE.match(stem) or _PREFIXED_ROLE.match(stem)
    if match is None:
        return None
    role = match["role"].lower()
    if match["base"]:
        original = posixpath.join(folder, match["base"] + ending)
        if original in set(files):
            return f"the {role} copy of {original} (a reference, never handed out)"
    return f"named like a {role} copy (a reference, never handed out)"


def by_digest(files: Mapping[str, bytes]) -> dict[str, str]:
    """sha256 -> the first path (in path order) holding those bytes. Blank files hold nothing to
    give away (they equal every empty starter), so they are left out."""
    found: dict[str, str] = {}
    for path in sorted(files):
        if files[path].strip():
            found.setdefault(file_sha256(files[path]), path)
    return found


def same_bytes_reason(data: bytes, secrets: Mapping[str, str]) -> str | None:
    """Why `data` gives away a secret (`secrets`: sha256 -> path, from by_digest), or None."""
    path = secrets.get(file_sha256(data)) if data.strip() else None
    if path is None:
        return None
    return f"the same bytes as {path} (a test case, solution or output); add it to additionalFiles if students need it"
