"""Which files of a content folder are secrets: what the leak guard must never find in a template.

A library example's secrets are
- its reference solutions (the files of `studentSubmissionFiles` entries),
- its test files (`testFiles` entries) and `test.yaml`,
- everything under `localTests/` and `reference/`,
except data copies: a file under `localTests/` or `reference/` is no secret when the same example
also ships, by its own declaration (`additionalFiles`, `studentTemplates`, `content/`), a file
with the same name and the same content (also modulo line endings, trailing whitespace and
encoding). Real libraries keep copies of their data beside their tests
(`data/data.json` and `localTests/case1/data.json`); shipping one is not a leak.

What a declaration can never make public: a solution, a file named in `testFiles` or `test.yaml`
(listing one in `additionalFiles` does not ship it, and its bytes stay secret wherever they turn
up), and a test under another name (the copy's name differs, so it is no data copy).

Everything else an example leaves out (its full meta.yaml, the tracking file, files no rule
names) is not secret: students simply do not need it. A traditional folder says nothing about
which of its files are solutions, so all it does not ship is secret. When a deployed meta.yaml
cannot be read, the library's meta.yaml of the deployed version gives the roles instead; when
that cannot be read either, every file is secret except the task text (`content/`) and templates
(`studentTemplates/`), which carry nothing to hide.
"""

import posixpath
from collections.abc import Mapping

from exlib_assets.core.deployments.tracking import TRACKING_FILE
from exlib_assets.core.meta import ExampleMeta
from exlib_assets.core.templates.leak_guard import text_digest

TEST_DEFINITION = "test.yaml"
DATA_COPY_FOLDERS = ("localTests", "reference")
_NEVER_SECRET_WHEN_UNREADABLE = ("meta.yaml", TRACKING_FILE, "content", "studentTemplates")


def example_secrets(folder_files: Mapping[str, bytes], meta: ExampleMeta) -> dict[str, bytes]:
    """The secret files of one library example (relative path -> content)."""
    props = meta.properties
    always = [*props.student_submission_files, TEST_DEFINITION]
    named_tests = set(props.test_files)
    declared = _declared_student_facing(folder_files, meta, protected=[*always, *props.test_files, *DATA_COPY_FOLDERS])
    public_copies = {(posixpath.basename(path), text_digest(folder_files[path])) for path in declared}
    secrets = {}
    for path, data in folder_files.items():
        if any(_is_under(path, entry) for entry in always) or path in named_tests:
            secrets[path] = data
        elif any(_is_under(path, folder) for folder in DATA_COPY_FOLDERS):
            if (posixpath.basename(path), text_digest(data)) not in public_copies:
                secrets[path] = data
        elif any(_is_under(path, entry) for entry in props.test_files):
            secrets[path] = data
    return secrets


def unreadable_content_secrets(folder_files: Mapping[str, bytes]) -> dict[str, bytes]:
    """The secrets of a folder whose meta.yaml cannot be read: nothing says which file is a
    solution, so every file is, but the task text, the templates and exlib's own files."""
    return {
        path: data
        for path, data in folder_files.items()
        if not any(_is_under(path, entry) for entry in _NEVER_SECRET_WHEN_UNREADABLE)
    }


def _declared_student_facing(folder_files: Mapping[str, bytes], meta: ExampleMeta, protected: list[str]) -> list[str]:
    """The files the example itself declares for students, but none that is also protected."""
    props = meta.properties
    entries = [*props.additional_files, *props.student_templates, "content"]
    return [
        path
        for path in folder_files
        if any(_is_under(path, entry) for entry in entries) and not any(_is_under(path, p) for p in protected)
    ]


def _is_under(path: str, entry: str) -> bool:
    return path == entry or path.startswith(f"{entry}/")
