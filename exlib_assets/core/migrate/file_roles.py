"""What part each file of an assignment folder without meta.yaml plays, judged by its path,
name and bytes: student template, test, source to hand in, another file students may get, or a
file left out (solution folders, reference copies, test-run outputs, copies of tests or
solutions, a README that is not the task's text). inference.py turns this into meta.yaml lists.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

from exlib_assets.core.deployments.tracking import TRACKING_FILE
from exlib_assets.core.migrate.held_back import by_digest, reference_copy_reason, run_output_reason, same_bytes_reason
from exlib_assets.core.migrate.languages import HIDDEN_FOLDERS, TEST_FOLDERS, is_header, is_test_file, language_of
from exlib_assets.core.migrate.readme import Boilerplate, readme_paths, task_texts
from exlib_assets.core.storage import META_FILE
from exlib_assets.core.templates.traditional import STUDENT_FILES

TEMPLATES_DIR = "studentTemplates/"
TEST_DEFINITION = "test.yaml"
# Files no list ever names: exlib's own, the test definition, git's.
NEVER_LISTED = {META_FILE, STUDENT_FILES, TRACKING_FILE, TEST_DEFINITION, ".gitignore", ".gitattributes"}


@dataclass
class FileRoles:
    """The files of one folder by the part they play; `left_out` holds those students must not
    get from a guess, with why."""

    templates: list[str] = field(default_factory=list)
    tests: list[str] = field(default_factory=list)
    test_folders: set[str] = field(default_factory=set)
    sources: list[str] = field(default_factory=list)
    others: list[str] = field(default_factory=list)
    left_out: dict[str, str] = field(default_factory=dict)


def sort_files(files: Mapping[str, bytes], boilerplate: Boilerplate) -> FileRoles:
    """Which of `files` (a folder's, by relative path) are templates, tests, sources, other
    files students may get, and which are left out."""
    found = FileRoles()
    texts = task_texts(files)
    readmes = set(readme_paths(files))
    for path in sorted(files):
        top = path.split("/")[0]
        if path in NEVER_LISTED or top == "content":
            continue
        is_code = language_of(path) is not None
        if top in HIDDEN_FOLDERS:
            found.left_out[path] = f"under {top}/ (a solution folder, never handed out)"
        elif path.startswith(TEMPLATES_DIR):
            found.templates.append(path)
        elif is_test_file(path):
            if top in TEST_FOLDERS:
                found.test_folders.add(top)
            else:
                found.tests.append(path)
        elif reason := reference_copy_reason(path, files):
            found.left_out[path] = reason
        elif reason := run_output_reason(path, is_code=is_code):
            found.left_out[path] = reason
        elif is_code and not is_header(path):
            found.sources.append(path)
        elif texts and path in readmes:
            found.left_out[path] = f"a README beside the task text {texts[0]}, which students get instead"
        elif path in readmes and boilerplate.is_shared_readme(files[path]):
            found.left_out[path] = "the same README as in other folders (boilerplate, not this task's text)"
        else:
            found.others.append(path)
    # What students must not get by content either: an expected output copied beside the task.
    held_back = [path for path in found.left_out if path not in readmes]
    # Tests and test cases, solutions, outputs, and the submission files (they hold the solution).
    secrets = {path: files[path] for path in [*held_back, *found.tests, *found.sources]}
    secrets |= {path: data for path, data in files.items() if path.split("/")[0] in TEST_FOLDERS}
    digests = by_digest(secrets)
    for path in list(found.others):
        reason = same_bytes_reason(files[path], digests)
        if reason is not None:
            found.others.remove(path)
            found.left_out[path] = reason
    return found
