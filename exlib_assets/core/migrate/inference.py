"""A meta.yaml for an assignment folder that has none, built from what its files show.

Every field written is inferred, so each is recorded with how: the import report marks them all
as guessed, and the file itself says it was generated. The rules:
- identifier: the folder's name when it is a dotted identifier already (`org.course.c.task`),
  else the folder's path from the top of the repository, dotted; after `--prefix` when given;
- version: `1.0` (or the next version when the library holds other content under that name);
- title: the first heading of the task text (`content/index*.md`), else of the README (unless
  the same heading tops the README of other folders too), else the folder name;
- execution backend (the programming language): the most common source file ending;
- studentTemplates: the files under `studentTemplates/`;
- testFiles: `test_*`, `*_test`, `test-*`, `conftest`, `runtests` sources and tests folders;
- studentSubmissionFiles: the other source files (headers and master/solution/reference copies
  excepted);
- additionalFiles: what a `.studentfiles` list ships (students keep getting what they got),
  else the README (when there is no task text and it is not the same README other folders
  have) and the other files students need (headers, Makefile, data), minus everything
  held_back.py keeps from students.
Files no list names are reported as left out, with the reason, for the lecturer to review.
Solutions under `reference/` or `solution(s)/`, `test.yaml` and `content/` are never listed:
the student template leaves them out anyway (and ships the task text by its own rule).
"""

import posixpath
import re
from collections import Counter
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

from exlib_assets.core.meta import is_identifier
from exlib_assets.core.migrate.file_roles import NEVER_LISTED, TEMPLATES_DIR, TEST_DEFINITION, sort_files
from exlib_assets.core.migrate.languages import language_of
from exlib_assets.core.migrate.readme import NO_BOILERPLATE, Boilerplate, readme_heading, readme_title
from exlib_assets.core.templates.traditional import STUDENT_FILES, traditional_student_files

GENERATED_HEADER = (
    b"# Written by `exlib migrate import`: this folder had no meta.yaml, so every field below was\n"
    b"# inferred from its files (the import report says how). Check it and keep it with the folder.\n"
)
FIRST_VERSION = "1.0"
_LABEL_JUNK = re.compile(r"[^A-Za-z0-9_-]+")


@dataclass(frozen=True)
class InferredMeta:
    document: dict[str, Any]
    # meta.yaml key (`properties.testFiles`) -> how its value was inferred.
    guessed: dict[str, str]
    notes: list[str] = field(default_factory=list)
    # Files of the folder no list names (so students do not get them) -> why, for review.
    left_out: dict[str, str] = field(default_factory=dict)

    def to_bytes(self) -> bytes:
        return (
            GENERATED_HEADER
            + yaml.safe_dump(self.document, sort_keys=False, allow_unicode=True, default_flow_style=None).encode()
        )


def identifier_for(relative: str, prefix: str | None) -> str:
    """`week1/Hello World` with prefix `prog1` -> `prog1.week1.Hello_World`: every label made valid;
    `org.course.c/org.course.c.task` -> `org.course.c.task`: a dotted folder name is used as it is."""
    return guess_identifier(relative, prefix)[0]


def guess_identifier(relative: str, prefix: str | None, *, shared_names: Collection[str] = ()) -> tuple[str, str]:
    """(identifier, how) for the folder at path `relative` from the top of the repository.

    `shared_names` are folder names several folders of the import have: each of those is
    identified by its path instead, or all but one of them would fail to import."""
    name = posixpath.basename(relative)
    if _is_dotted_identifier(name) and name not in shared_names:
        # Legacy courses name folders by their full identifier; the parent folders repeat its start.
        identifier, how = name, f"the folder name {name} (a dotted identifier already)"
    else:
        identifier = ".".join(_label(part) for part in relative.split("/"))
        how = f"the folder path {relative}"
        if name in shared_names and _is_dotted_identifier(name):
            how += f" (other folders are named {name} too)"
    if prefix and not identifier.startswith(f"{prefix}."):
        identifier, how = f"{prefix}.{identifier}", f"{how} after --prefix {prefix}"
    return identifier, how


def _is_dotted_identifier(name: str) -> bool:
    return "." in name and is_identifier(name)


def _label(part: str) -> str:
    """A path part as identifier labels: kept when it is dotted and valid (`org.course.c`)."""
    if is_identifier(part):
        return part
    return _LABEL_JUNK.sub("_", part).strip("_").lstrip("-") or "folder"


def infer_meta(
    relative: str,
    files: Mapping[str, bytes],
    *,
    identifier: str,
    identifier_reason: str,
    version: str,
    version_reason: str,
    boilerplate: Boilerplate = NO_BOILERPLATE,
) -> InferredMeta:
    """The meta.yaml of folder `relative` (its `files` by path inside it) and how each field was found.

    `boilerplate` is what the READMEs of several folders share: it names no task."""
    guessed = {"identifier": identifier_reason, "version": version_reason}
    notes: list[str] = []
    title, guessed["title"] = _title(relative, files, boilerplate.headings)
    lists, left_out = _file_lists(relative, files, boilerplate, notes)
    properties: dict[str, Any] = {}
    for key, (entries, how) in lists.items():
        properties[key] = entries
        guessed[f"properties.{key}"] = how
    language = _language(files, lists)
    if language is not None:
        properties["executionBackend"] = {"slug": language[0]}
        guessed["properties.executionBackend.slug"] = language[1]
    if TEST_DEFINITION in files:
        notes.append(
            f"{relative}/{TEST_DEFINITION} is not listed in testFiles: it is the test definition, which the "
            "student template never ships whatever the lists say"
        )
    document = {"identifier": identifier, "version": version, "title": title, "properties": properties}
    return InferredMeta(document=document, guessed=guessed, notes=notes, left_out=left_out)


def _title(relative: str, files: Mapping[str, bytes], boilerplate: Collection[str]) -> tuple[str, str]:
    found = readme_title(files, boilerplate=boilerplate)
    if found is not None:
        return found
    name = posixpath.basename(relative)
    heading = readme_heading(files)
    how = (
        f"the folder name (the README heading {heading!r} tops other folders' READMEs too, so it names no task)"
        if heading in boilerplate
        else "the folder name (no README heading found)"
    )
    # `org.course.c.task` is titled by its last label, as `week1/task` is by its folder.
    label = name.rsplit(".", 1)[-1] if _is_dotted_identifier(name) else name
    return re.sub(r"[_-]+", " ", label).strip().capitalize() or name, how


def _file_lists(
    relative: str, files: Mapping[str, bytes], boilerplate: Boilerplate, notes: list[str]
) -> tuple[dict[str, tuple[list[str], str]], dict[str, str]]:
    """The four file lists with how each was guessed, and the files left out with why."""
    found = sort_files(files, boilerplate)
    tests = sorted(found.test_folders) + found.tests
    sources, templates = found.sources, found.templates

    if STUDENT_FILES in files:
        shipped = sorted(p for p in traditional_student_files(files, folder=relative).files if p not in NEVER_LISTED)
        for path in sorted(set(shipped) & set(sources + tests)):
            notes.append(
                f"{relative}/{path} is listed in {STUDENT_FILES}, so students keep getting it (solution markers "
                "stripped) as an additionalFiles entry, not as a submission or test file"
            )
        additional = [p for p in shipped if not p.startswith(TEMPLATES_DIR)]
        lists = {
            "studentSubmissionFiles": ([p for p in sources if p not in shipped], _SUBMISSION_RULE),
            "studentTemplates": (templates, _TEMPLATES_RULE),
            "additionalFiles": (additional, _LISTED_RULE),
            "testFiles": ([path for path in tests if path not in shipped], _TEST_RULE),
        }
        left_out = {path: reason for path, reason in found.left_out.items() if path not in shipped}
        unlisted = [p for p in found.others if p not in shipped]
        left_out |= {path: f"not in {STUDENT_FILES} (students did not get it so far)" for path in unlisted}
        return lists, dict(sorted(left_out.items()))
    lists = {
        "studentSubmissionFiles": (sources, _SUBMISSION_RULE),
        "studentTemplates": (templates, _TEMPLATES_RULE),
        "additionalFiles": (found.others, _OTHERS_RULE),
        "testFiles": (tests, _TEST_RULE),
    }
    return lists, dict(sorted(found.left_out.items()))


_SUBMISSION_RULE = "source files that are not tests, headers or master/solution/reference copies"
_TEMPLATES_RULE = f"the files under {TEMPLATES_DIR}"
_TEST_RULE = "files named test_*, *_test, test-*, conftest or runtests, and tests/, test/, localTests/ folders"
_LISTED_RULE = f"the files {STUDENT_FILES} lists (what students got so far)"
_OTHERS_RULE = (
    "the README and the other files that are neither code nor tests (headers, Makefile, data), but no "
    "test-run outputs, reference copies or copies of tests (those are left out for review)"
)


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
