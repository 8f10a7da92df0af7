"""A synthetic Example Library and courses: as many typical examples as a workload needs.

A typical example is what real libraries hold (docs/example-format.md): 10 files, about 50 KB
(task text in two languages, a figure, a solution, a starter file, data, a helper, tests). Every
file holds the example's number, so no two examples share a file: the template's leak guard
compares files across the contents of a course, and real examples do not repeat each other.
"""

import hashlib
from pathlib import Path

from exlib_assets.core import courses, library_index
from exlib_assets.core.app import App
from exlib_assets.core.course_paths import folder_of

LIBRARY_PREFIX = "bench.example"


def identifier(number: int) -> str:
    return f"{LIBRARY_PREFIX}{number:04d}"


def content_path(number: int) -> str:
    """Where a course holds example `number`: fourteen weeks, examples spread over them."""
    return f"week{number % 14 + 1:02d}.example{number:04d}"


def _filler(seed: str, size: int, line: str) -> str:
    """`size` characters of text that differ per `seed`: lines of `line` with a running digest."""
    lines, total, counter = [], 0, 0
    while total < size:
        digest = hashlib.sha256(f"{seed}:{counter}".encode()).hexdigest()[:16]
        text = f"{line} {counter} {digest}\n"
        lines.append(text)
        total += len(text)
        counter += 1
    return "".join(lines)


def example_files(number: int, version: str = "1.0") -> dict[str, str]:
    """The 10 files of example `number` at `version`, by path (about 50 KB in all)."""
    seed = f"{number}@{version}"
    name = f"example{number:04d}"
    return {
        "meta.yaml": (
            f"identifier: {identifier(number)}\nversion: '{version}'\ntitle: Example {number}\n"
            f"description: Synthetic benchmark example {number}.\nlanguage: en\nlicense: CC BY-SA 4.0\n"
            "authors:\n  - {name: Ada Example, email: ada@example.edu, affiliation: Example University}\n"
            "content:\n  tags: [benchmark, functions]\n"
            "properties:\n"
            f"  studentSubmissionFiles: [{name}.py]\n"
            f"  studentTemplates: [studentTemplates/{name}.py]\n"
            "  additionalFiles: [data/input.csv, helpers.py]\n"
            f"  testFiles: [test_{name}.py]\n"
            "  executionBackend: {slug: python, version: '3.11'}\n"
        ),
        "test.yaml": f"tests:\n  - name: answer\n    function: answer\n    seed: {seed}\n"
        + _filler(seed + "t", 900, "#"),
        "content/index.md": f"# Example {number}\n\n" + _filler(seed + "en", 8_000, "Write a function, step"),
        "content/index_de.md": f"# Beispiel {number}\n\n"
        + _filler(seed + "de", 8_000, "Schreibe eine Funktion, Schritt"),
        "content/mediaFiles/figure.svg": '<svg xmlns="http://www.w3.org/2000/svg">\n'
        + _filler(seed + "svg", 10_000, "<!-- path")
        + "</svg>\n",
        f"{name}.py": f"def answer():\n    return {number}\n\n\n" + _filler(seed + "py", 4_000, "# reasoning"),
        f"studentTemplates/{name}.py": f"def answer():\n    # example {number}: your code here\n    ...\n\n"
        + _filler(seed + "tpl", 2_000, "# hint"),
        "data/input.csv": "step,value\n" + _filler(seed + "csv", 10_000, "row,"),
        "helpers.py": f'"""Helpers for example {number}."""\n\n' + _filler(seed + "help", 3_000, "# helper"),
        f"test_{name}.py": f"from {name} import answer\n\n\ndef test_answer():\n    assert answer() == {number}\n\n"
        + _filler(seed + "test", 3_000, "# case"),
    }


def write_example(root: Path, number: int, version: str = "1.0") -> Path:
    """Write example `number` at `version` under `root`; returns its folder."""
    folder = root / f"{identifier(number)}-{version}"
    for relpath, text in example_files(number, version).items():
        target = folder / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    return folder


def import_examples(app: App, root: Path, numbers: range, version: str = "1.0") -> None:
    """Import examples `numbers` at `version` into the library, as `exlib library import` does."""
    report = app.library.import_paths([write_example(root, number, version) for number in numbers])
    if not report.ok:
        raise RuntimeError(f"the synthetic library did not import: {report.failed}")


def publish_new_version(app: App, root: Path, number: int) -> str:
    """Import the next version of example `number` (its latest with the minor number raised),
    with every file changed; returns the new version."""
    latest = app.library.show(identifier(number))["version"]
    major, _, minor = latest.partition(".")
    version = f"{major}.{int(minor or 0) + 1}"
    import_examples(app, root, range(number, number + 1), version)
    return version


def create_course(app: App, slug: str, numbers: range) -> list[str]:
    """Course `slug` (created if needed) assigning example `number` at content_path(number) for
    each of `numbers`, at `latest`; returns the content paths."""
    paths = [content_path(number) for number in numbers]
    with app.db.session() as session:
        library = library_index.get_or_create_library(session, app.storage.library)
        course = courses.find_course(session, slug) or courses.create_course(session, app.git_host, slug)
        for number, path in zip(numbers, paths, strict=True):
            courses.assign(session, library, courses.add_content(session, course, path), identifier(number))
    return paths


def files_in_course(numbers: range, version: str = "1.0") -> dict[str, bytes]:
    """The files of examples `numbers` at their course folders (`week01/example0003/...`): what
    the plain-git baseline writes for the same deployment."""
    return {
        f"{folder_of(content_path(number))}/{relpath}": text.encode()
        for number in numbers
        for relpath, text in example_files(number, version).items()
    }
