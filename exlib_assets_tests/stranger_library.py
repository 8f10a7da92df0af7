"""An example library as someone else wrote it: the shapes real libraries come in.

Each function writes one example folder under `root` and returns it. They use the old meta.yaml
form (`slug`, `executionBackendSlug`, top-level `testDependencies`) as well as the new one,
leave out identifiers, keep copies of their data beside their tests, write task text only in
translations, save files as UTF-16 or UTF-32 and with Windows line endings: what exlib meets
when a library was not written for it.
"""

from pathlib import Path

import yaml

# A solution region, as an author marks it in the file students get.
MARKED_TEMPLATE = "def answer():\n    # BEGIN SOLUTION\n    return 42\n    # END SOLUTION\n"
SECRET_LINE = "return 42"


def write_example(root: Path, name: str, meta: dict, files: dict[str, str | bytes]) -> Path:
    folder = root / name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "meta.yaml").write_text(yaml.safe_dump(meta, sort_keys=False))
    for relpath, content in files.items():
        target = folder / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return folder


def anonymous_example(root: Path, name: str = "stack") -> Path:
    """No `identifier`, no `slug`: it is imported under its folder name."""
    meta = {
        "version": "1.0",
        "title": "A stack",
        "properties": {
            "studentSubmissionFiles": ["stack.py"],
            "studentTemplates": ["studentTemplates/stack.py"],
            "testFiles": ["test_stack.py"],
        },
    }
    files = {
        "stack.py": "class Stack:\n    def push(self, x):\n        self.items.append(x)\n",
        "studentTemplates/stack.py": "class Stack:\n    def push(self, x):\n        ...\n",
        "test_stack.py": "def test_push():\n    assert Stack().push(1) is None\n",
        "content/index.md": "# A stack\n",
    }
    return write_example(root, name, meta, files)


def old_form_example(root: Path, name: str = "shout", *, files: dict[str, str | bytes] | None = None) -> Path:
    """The older meta.yaml form: `slug`, `executionBackendSlug`, top-level lists, CRLF files."""
    meta = {
        "slug": f"stranger.{name}",
        "version": "2.0",
        "title": name.title(),
        "executionBackendSlug": "python",
        "keywords": ["strings"],
        "properties": {
            "studentSubmissionFiles": [f"{name}.py"],
            "studentTemplates": [f"studentTemplates/{name}.py"],
            "testFiles": [f"test_{name}.py"],
        },
    }
    default = {
        f"{name}.py": "def shout(text):\r\n    return text.upper() + '!'\r\n",
        f"studentTemplates/{name}.py": "def shout(text):\r\n    # BEGIN SOLUTION\r\n    return text.upper()\r\n"
        "    # END SOLUTION\r\n",
        f"test_{name}.py": "def test_shout():\r\n    assert shout('a') == 'A!'\r\n",
        "content/index.md": f"# {name.title()}\r\n",
    }
    return write_example(root, name, meta, default | (files or {}))


def data_copy_example(root: Path, name: str = "parse", *, extra: dict | None = None, **properties) -> Path:
    """Data students read (`data.json`, declared in additionalFiles) with the same bytes kept
    beside the local tests (`localTests/case1/data.json`), as real libraries do."""
    data = '{"values": [3, 1, 2]}\n'
    meta = {
        "identifier": f"stranger.{name}",
        "version": "1.0",
        "properties": {
            "studentSubmissionFiles": [f"{name}.py"],
            "studentTemplates": [f"studentTemplates/{name}.py"],
            "additionalFiles": ["data.json"],
            "testFiles": [f"test_{name}.py", "localTests"],
            **properties,
        },
    }
    files = {
        f"{name}.py": "import json\ndef values():\n    return sorted(json.load(open('data.json'))['values'])\n",
        f"studentTemplates/{name}.py": "import json\ndef values():\n    ...\n",
        f"test_{name}.py": "def test_values():\n    assert values() == [1, 2, 3]\n",
        "data.json": data,
        "localTests/case1/data.json": data,
        "localTests/case1/test_case1.py": "def test_case1():\n    assert values()[0] == 1\n",
        "content/index.md": "# Parse\n",
    } | (extra or {})
    return write_example(root, name, meta, files)


def translated_example(root: Path, name: str = "greet", *, languages: dict[str, str], language: str | None) -> Path:
    """Task text only as `content/index_<lang>.md` (no `index.md`); `language` as meta.yaml says."""
    meta = {
        "identifier": f"stranger.{name}",
        "version": "1.0",
        **({"language": language} if language else {}),
        "properties": {"studentSubmissionFiles": [f"{name}.py"], "studentTemplates": [f"studentTemplates/{name}.py"]},
    }
    files = {f"{name}.py": "print('hello')\n", f"studentTemplates/{name}.py": "# print a greeting\n"}
    files |= {f"content/index_{lang}.md": text for lang, text in languages.items()}
    return write_example(root, name, meta, files)


def encoded_example(root: Path, name: str, encoding: str, *, bom: bool = True, crlf: bool = False) -> Path:
    """The student's template holds a solution region and is saved as `encoding` (utf-16-le,
    utf-16-be, utf-32-le, ...), with or without a byte order mark."""
    text = MARKED_TEMPLATE.replace("\n", "\r\n") if crlf else MARKED_TEMPLATE
    data = ("\ufeff" if bom else "").encode(encoding) + text.encode(encoding)
    meta = {
        "identifier": f"stranger.{name}",
        "version": "1.0",
        "properties": {"studentSubmissionFiles": ["answer.py"], "studentTemplates": ["studentTemplates/answer.py"]},
    }
    files = {"answer.py": "def answer():\n    return 42  # the reference\n", "studentTemplates/answer.py": data}
    return write_example(root, name, meta, files)


# Content path -> (how to write its example, the identifier it is imported under).
STRANGER_COURSE = "stranger"


def stranger_examples(root: Path) -> dict[str, tuple[Path, str]]:
    """One example of every shape above, by the course path it is assigned to."""
    return {
        "week1.shout": (old_form_example(root), "stranger.shout"),
        "week1.greet": (
            translated_example(root, languages={"de": "# Hallo\n", "en": "# Hello\n"}, language="de"),
            "stranger.greet",
        ),
        "week2.parse": (data_copy_example(root), "stranger.parse"),
        "week3.stack": (anonymous_example(root), "stack"),
        "week4.utf16": (encoded_example(root, "utf16", "utf-16-le", bom=False), "stranger.utf16"),
        "week4.utf16be": (encoded_example(root, "utf16be", "utf-16-be", crlf=True), "stranger.utf16be"),
        "week4.utf32": (encoded_example(root, "utf32", "utf-32-le"), "stranger.utf32"),
    }


def create_stranger_course(app, root: Path) -> dict[str, tuple[Path, str]]:
    """Import the stranger library, create course `stranger` with every example assigned, deploy it."""
    from exlib_assets.core import courses, library_index
    from exlib_assets.core.deployments.deployer import deploy_course
    from exlib_assets.core.deployments.request import DeployRequest

    examples = stranger_examples(root)
    imported = app.library.import_paths([folder for folder, _ in examples.values()])
    assert not imported.failed, imported.failed
    with app.db.session() as session:
        library = library_index.get_or_create_library(session, app.storage.library)
        course = courses.create_course(session, app.git_host, STRANGER_COURSE)
        for path, (_, identifier) in examples.items():
            courses.assign(session, library, courses.add_content(session, course, path), identifier)
    deployed = deploy_course(app, DeployRequest.deploy(STRANGER_COURSE))
    assert deployed.ok, [outcome.reason for outcome in deployed.outcomes if not outcome.ok]
    return examples
