"""A meta.yaml for an assignment folder that has none, built from what its files show.

Every field written is inferred, so each is recorded with how: the import report marks them all
as guessed, and the file itself says it was generated. The rules:
- identifier: the folder's path from the top of the repository, dotted, after the `--prefix`;
- version: `1.0` (or the next version when the library holds other content under that name);
- title: the first heading of the README, else the folder name;
- execution backend (the programming language): the most common source file ending;
- studentTemplates: the files under `studentTemplates/`;
- testFiles: `test_*`, `*_test`, `test-*`, `conftest`, `runtests` sources and tests folders;
- studentSubmissionFiles: the other source files (headers excepted);
- additionalFiles: what a `.studentfiles` list ships (students keep getting what they got),
  else the README and the other files students need (headers, Makefile, data).
Solutions under `reference/` or `solution(s)/`, `test.yaml` and `content/` are never listed:
the student template leaves them out anyway.
"""

import posixpath
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

from exlib_assets.core.deployments.tracking import TRACKING_FILE
from exlib_assets.core.migrate.languages import (
    HIDDEN_FOLDERS,
    TEST_FOLDERS,
    is_header,
    is_test_file,
    language_of,
)
from exlib_assets.core.migrate.readme import readme_title
from exlib_assets.core.storage import META_FILE
from exlib_assets.core.templates.traditional import STUDENT_FILES, traditional_student_files

GENERATED_HEADER = (
    b"# Written by `exlib migrate import`: this folder had no meta.yaml, so every field below was\n"
    b"# inferred from its files (the import report says how). Check it and keep it with the folder.\n"
)
FIRST_VERSION = "1.0"
TEMPLATES_DIR = "studentTemplates/"
_NEVER_LISTED = {META_FILE, STUDENT_FILES, TRACKING_FILE, "test.yaml", ".gitignore", ".gitattributes"}
_LABEL_JUNK = re.compile(r"[^A-Za-z0-9_-]+")


@dataclass(frozen=True)
class InferredMeta:
    document: dict[str, Any]
    # meta.yaml key (`properties.testFiles`) -> how its value was inferred.
    guessed: dict[str, str]
    notes: list[str] = field(default_factory=list)

    def to_bytes(self) -> bytes:
        return (
            GENERATED_HEADER
            + yaml.safe_dump(self.document, sort_keys=False, allow_unicode=True, default_flow_style=None).encode()
        )


def identifier_for(relative: str, prefix: str | None) -> str:
    """`week1/Hello World` with prefix `prog1` -> `prog1.week1.Hello_World`: every label made valid."""
    labels = [_LABEL_JUNK.sub("_", part).strip("_").lstrip("-") or "folder" for part in relative.split("/")]
    return ".".join([prefix, *labels] if prefix else labels)


def infer_meta(
    relative: str,
    files: Mapping[str, bytes],
    *,
    identifier: str,
    identifier_reason: str,
    version: str,
    version_reason: str,
) -> InferredMeta:
    """The meta.yaml of folder `relative` (its `files` by path inside it) and how each field was found."""
    guessed = {"identifier": identifier_reason, "version": version_reason}
    notes: list[str] = []
    title, guessed["title"] = _title(relative, files)
    lists = _file_lists(relative, files, notes)
    properties: dict[str, Any] = {}
    for key, (entries, how) in lists.items():
        properties[key] = entries
        guessed[f"properties.{key}"] = how
    language = _language(files, lists)
    if language is not None:
        properties["executionBackend"] = {"slug": language[0]}
        guessed["properties.executionBackend.slug"] = language[1]
    document = {"identifier": identifier, "version": version, "title": title, "properties": properties}
    return InferredMeta(document=document, guessed=guessed, notes=notes)


def _title(relative: str, files: Mapping[str, bytes]) -> tuple[str, str]:
    found = readme_title(files)
    if found is not None:
        return found
    name = posixpath.basename(relative)
    return re.sub(r"[_-]+", " ", name).strip().capitalize() or name, "the folder name (no README heading found)"


def _file_lists(relative: str, files: Mapping[str, bytes], notes: list[str]) -> dict[str, tuple[list[str], str]]:
    templates, tests, test_folders, sources, others = [], [], set(), [], []
    has_task_text = "content/index.md" in files
    for path in sorted(files):
        top = path.split("/")[0]
        if path in _NEVER_LISTED or top in HIDDEN_FOLDERS or top == "content":
            continue
        if path.startswith(TEMPLATES_DIR):
            templates.append(path)
        elif is_test_file(path):
            if top in TEST_FOLDERS:
                test_folders.add(top)
            else:
                tests.append(path)
        elif language_of(path) is not None and not is_header(path):
            sources.append(path)
        elif not (has_task_text and posixpath.basename(path).lower().startswith("readme")):
            others.append(path)
    tests = sorted(test_folders) + tests

    if STUDENT_FILES in files:
        shipped = sorted(p for p in traditional_student_files(files, folder=relative).files if p not in _NEVER_LISTED)
        for path in sorted(set(shipped) & set(sources + tests)):
            notes.append(
                f"{relative}/{path} is listed in {STUDENT_FILES}, so students keep getting it (solution markers "
                "stripped) as an additionalFiles entry, not as a submission or test file"
            )
        return {
            "studentSubmissionFiles": ([p for p in sources if p not in shipped], _SUBMISSION_RULE),
            "studentTemplates": (templates, _TEMPLATES_RULE),
            "additionalFiles": ([p for p in shipped if not p.startswith(TEMPLATES_DIR)], _LISTED_RULE),
            "testFiles": ([path for path in tests if path not in shipped], _TEST_RULE),
        }
    return {
        "studentSubmissionFiles": (sources, _SUBMISSION_RULE),
        "studentTemplates": (templates, _TEMPLATES_RULE),
        "additionalFiles": (others, _OTHERS_RULE),
        "testFiles": (tests, _TEST_RULE),
    }


_SUBMISSION_RULE = "source files that are not tests or headers"
_TEMPLATES_RULE = f"the files under {TEMPLATES_DIR}"
_TEST_RULE = "files named test_*, *_test, test-*, conftest or runtests, and tests/, test/, localTests/ folders"
_LISTED_RULE = f"the files {STUDENT_FILES} lists (what students got so far)"
_OTHERS_RULE = "the README and the other files that are neither code nor tests (headers, Makefile, data)"


def _language(files: Mapping[str, bytes], lists: dict[str, tuple[list[str], str]]) -> tuple[str, str] | None:
    """(backend slug, how) from the endings of the code files; tests count when there is nothing else."""
    code = lists["studentSubmissionFiles"][0] or [p for p in files if language_of(p) is not None]
    counts = Counter(language_of(path) for path in code if language_of(path) is not None)
    if not counts:
        return None
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    slug, count = ranked[0]
    if len(ranked) == 1:
        return slug, f"file endings ({count} {slug} file{'s' * (count > 1)})"
    mixed = ", ".join(f"{name} ({number})" for name, number in ranked)
    return slug, f"file endings, mixed: {mixed}; took the most common"
