"""The student view of one deployed library example: the files students get, and why.

Rules, from the example's meta.yaml (docs/example-format.md):
- each `studentTemplates` file is placed at the student's path: `studentTemplates/x.py` -> `x.py`;
- each `studentSubmissionFiles` entry without a template there becomes its reference with the
  marked parts stripped, when the author marked solution or hidden-test regions in it (one
  source for both), else an empty starter file;
- `additionalFiles` are copied at their own paths;
- `content/index.md` -> `README.md`, `content/index_<lang>.md` -> `README_<lang>.md`,
  `content/mediaFiles/**` -> `mediaFiles/**`; without `content/index.md`, `README.md` is also
  written from `index_<language>.md` (the course's language, else meta.yaml's `language`, the
  task text's language), else from the first `index_<lang>.md` in sorted order, because
  repository browsers show `README.md`;
- a student `meta.yaml` keeps only descriptive keys and the three student file lists.
Everything else is excluded: solutions (the submission files' originals), `test.yaml`,
`testFiles`, `localTests/`, `reference/`, the tracking file, and anything no rule names. A file
named by a rule that is also a solution or test file is excluded too, with a note: when meta.yaml
contradicts itself, the safe reading wins. Every shipped text file has its marker regions
stripped, by its format (see `formats`). Nothing here decides whether the result leaks; the leak
guard checks that, also comparing a derived starter with its unstripped reference.
"""

import copy
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

from exlib_assets.core.deployments.tracking import TRACKING_FILE
from exlib_assets.core.errors import ExlibError
from exlib_assets.core.meta import ExampleMeta, missing_files, parse_meta
from exlib_assets.core.templates.formats import student_version, submission_starter

META_FILE = "meta.yaml"
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
TEMPLATES_DIR = "studentTemplates/"
MEDIA_DIR = "content/mediaFiles/"
_TASK_TEXT = re.compile(r"content/index(?:_(?P<lang>[A-Za-z0-9_-]+))?\.md")
README = "README.md"
_TRANSLATED_README = re.compile(r"README_[A-Za-z0-9_-]+\.md")
# Top-level meta.yaml keys that only describe the example; everything else stays with the course.
_DESCRIPTIVE_KEYS = (
    "identifier",
    "slug",
    "version",
    "title",
    "description",
    "language",
    "license",
    "authors",
    "maintainers",
    "links",
    "supportingMaterial",
    "supportingMaterials",
    "courseMaterials",
    "keywords",
)


class StudentViewError(ExlibError):
    """The student files of a content folder cannot be determined without guessing."""


@dataclass(frozen=True)
class StudentView:
    """What students get from one content folder.

    `files`: path (relative to the content folder) -> content, as shipped.
    `excluded`: every input file not shipped, with its content (which of them are secrets the
    leak guard must look for is secrets.py's rule).
    `notes`: things a lecturer should know (missing files, contradictions resolved safely).
    """

    files: dict[str, bytes]
    excluded: dict[str, bytes]
    notes: list[str] = field(default_factory=list)


def student_files(
    folder_files: Mapping[str, bytes],
    *,
    folder: str,
    identifier: str | None = None,
    course_language: str | None = None,
    settings: Mapping[str, object] | None = None,
    meta: ExampleMeta | None = None,
) -> StudentView:
    """The student view of one deployed example; `folder_files` holds every file of its folder
    (relative paths, meta.yaml included) and `folder` names it in messages. `identifier` is the
    example's identity from its tracking file (see parse_meta); `course_language` the language
    the course's students read, which picks README.md among translations; `settings` the course's
    own values (title, points, deadline) for the student meta.yaml. `meta` is the folder's
    meta.yaml as parse_meta read it, when the caller has already read it."""
    if META_FILE not in folder_files:
        raise StudentViewError(
            f"{folder}/ has no {META_FILE}, so its student files are unknown; deploy the example again."
        )
    if meta is None:
        meta = parse_meta(folder_files[META_FILE], folder=folder, identifier=identifier)
    return _ViewBuilder(folder_files, folder, meta, course_language, settings).build()


class _ViewBuilder:
    def __init__(
        self,
        folder_files: Mapping[str, bytes],
        folder: str,
        meta: ExampleMeta,
        course_language: str | None = None,
        settings: Mapping[str, object] | None = None,
    ) -> None:
        self.settings = dict(settings or {})
        self.folder_files = folder_files
        self.course_language = course_language
        self.folder = folder
        self.meta = meta
        self.files: dict[str, bytes] = {}
        self.origins: dict[str, str] = {}  # student path -> what put it there, for collision errors
        self.shipped: set[str] = set()  # source paths that reached the student
        self.notes = [
            f"{folder}: {missing} is named in meta.yaml but not in the folder"
            for missing in missing_files(meta, folder_files)
        ]
        props = meta.properties
        self.protected = [
            *((entry, "the solution of a studentSubmissionFiles entry") for entry in props.student_submission_files),
            *((entry, "a testFiles entry") for entry in props.test_files),
            ("test.yaml", "the test definition"),
            ("localTests", "under localTests/"),
            ("reference", "under reference/"),
            (TRACKING_FILE, "exlib's tracking file"),
            (META_FILE, "the course's meta.yaml (students get a reduced one)"),
        ]

    def build(self) -> StudentView:
        props = self.meta.properties
        templates = self._place_list("studentTemplates", props.student_templates, _template_destination)
        for entry in props.student_submission_files:
            if entry not in self.files and not self._is_folder(entry):
                # The reference stays excluded (not `shipped`): the leak guard compares the starter with it.
                starter = submission_starter(f"{self.folder}/{entry}", self.folder_files.get(entry))
                kind = "the starter stripped from" if starter.derived else "the empty starter for"
                self._put(entry, starter.data, f"{kind} studentSubmissionFiles entry {entry!r}")
        additional = self._place_list("additionalFiles", props.additional_files, lambda path: path)
        for path in sorted(self.folder_files):
            destination = _content_destination(path)
            if destination is not None and self._allowed(path, "the content/ rules"):
                self._ship(path, destination, f"{path!r}")
        self._readme_from_a_translation()
        student_meta = _student_meta(self.meta, templates=templates, additional=additional, settings=self.settings)
        self._put(META_FILE, student_meta, "the student meta.yaml")
        excluded = {path: data for path, data in self.folder_files.items() if path not in self.shipped}
        return StudentView(files=self.files, excluded=excluded, notes=self.notes)

    def _readme_from_a_translation(self) -> None:
        """README.md from a README_<lang>.md when no content/index.md (nor another rule) gave one."""
        if README in self.files:
            return
        translations = sorted(path for path in self.files if _TRANSLATED_README.fullmatch(path))
        if not translations:
            return
        # The course's language first, then the task text's own, then the first in sorted order.
        preferred = [f"README_{language}.md" for language in (self.course_language, self.meta.language) if language]
        chosen = next((readme for readme in preferred if readme in translations), translations[0])
        self._put(README, self.files[chosen], f"{README} copied from {chosen}")

    def _place_list(self, key: str, entries: tuple[str, ...], destination_of: Callable[[str], str]) -> list[str]:
        """Ship the files of one meta.yaml list; returns the student paths placed."""
        placed = []
        for entry in entries:
            for source in self._expand(entry):
                if self._allowed(source, key):
                    destination = destination_of(source)
                    self._ship(source, destination, f"{key} entry {source!r}")
                    placed.append(destination)
        return placed

    def _allowed(self, source: str, named_by: str) -> bool:
        for entry, what in self.protected:
            if _is_under(source, entry):
                self.notes.append(
                    f"{self.folder}: {source} is named by {named_by} but is also {what}; it was left out of the "
                    "student template (fix meta.yaml if students should get it)"
                )
                return False
        return True

    def _ship(self, source: str, destination: str, origin: str) -> None:
        data = student_version(f"{self.folder}/{source}", self.folder_files[source])
        self._put(destination, data, origin)
        self.shipped.add(source)

    def _put(self, destination: str, data: bytes, origin: str) -> None:
        # Overwriting would silently drop a file the author meant students to have.
        if destination in self.files:
            raise StudentViewError(
                f"{self.folder}: {origin} and {self.origins[destination]} would both become the student's "
                f"{destination!r}; rename or remove one of them in the example and deploy it again."
            )
        self.files[destination] = data
        self.origins[destination] = origin

    def _expand(self, entry: str) -> list[str]:
        """The files an entry names: itself, or every file under it when it is a folder."""
        if entry in self.folder_files:
            return [entry]
        return sorted(path for path in self.folder_files if path.startswith(f"{entry}/"))

    def _is_folder(self, entry: str) -> bool:
        return entry not in self.folder_files and any(path.startswith(f"{entry}/") for path in self.folder_files)


def _is_under(path: str, entry: str) -> bool:
    return path == entry or path.startswith(f"{entry}/")


def _template_destination(source: str) -> str:
    return source.removeprefix(TEMPLATES_DIR)


def _content_destination(path: str) -> str | None:
    """Where a file under content/ goes for students, or None if it stays behind."""
    task_text = _TASK_TEXT.fullmatch(path)
    if task_text is not None:
        return f"README_{task_text['lang']}.md" if task_text["lang"] else "README.md"
    if path.startswith(MEDIA_DIR):
        return "mediaFiles/" + path.removeprefix(MEDIA_DIR)
    return None


def _student_meta(
    meta: ExampleMeta, *, templates: list[str], additional: list[str], settings: Mapping[str, object] | None = None
) -> bytes:
    """meta.yaml for students: descriptive keys as the author wrote them (the course's own
    `settings` over them), the student file lists, and nothing about tests, backends or deployment."""
    student: dict[Any, Any] = {key: copy.deepcopy(value) for key, value in meta.raw.items() if key in _DESCRIPTIVE_KEYS}
    if "version" in student:
        student["version"] = meta.version  # the tag as parsed; YAML would turn `1.10` into 1.1
    student.update(settings or {})
    content = meta.raw.get("content")
    if isinstance(content, dict) and "tags" in content:
        student["content"] = {"tags": copy.deepcopy(content["tags"])}
    student["properties"] = {
        "studentSubmissionFiles": list(meta.properties.student_submission_files),
        "studentTemplates": templates,
        "additionalFiles": additional,
    }
    # libyaml's emitter when it is there (the same YAML, several times faster than PyYAML's own).
    return yaml.dump(student, Dumper=_DUMPER, sort_keys=False, allow_unicode=True).encode("utf-8")
