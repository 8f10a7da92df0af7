"""Building example folders on disk for tests."""

from pathlib import Path

import yaml


class ExampleFolderFactory:
    """Writes example folders under `root`; each call returns the folder it wrote."""

    def __init__(self, root: Path):
        self.root = root

    def __call__(
        self,
        name: str,
        *,
        version: str = "1.0",
        identifier: str | None = None,
        files: dict[str, str | bytes] | None = None,
        dependencies: list | None = None,
        meta: dict | None = None,
        parent: Path | None = None,
    ) -> Path:
        folder = (parent or self.root) / name
        folder.mkdir(parents=True, exist_ok=True)
        files = {"solution.py": f"# solution of {name}\n", "studentTemplates/solution.py": "# TODO\n"} | (files or {})
        document = {
            "identifier": identifier or f"test.{name}",
            "version": version,
            "title": name.replace("_", " ").title(),
            "properties": {
                "studentSubmissionFiles": ["solution.py"],
                "studentTemplates": ["studentTemplates/solution.py"],
                "testDependencies": dependencies or [],
            },
        } | (meta or {})
        (folder / "meta.yaml").write_text(yaml.safe_dump(document, sort_keys=False))
        for relpath, content in files.items():
            target = folder / relpath
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content)
        return folder
