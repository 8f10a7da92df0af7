"""A library source repository for tests: a bare repository an author pushes example folders to."""

import shutil
from pathlib import Path

from exlib_assets_tests.examples import ExampleFolderFactory
from exlib_assets_tests.repositories import git


class SourceRepository:
    """A bare repository at `bare` and an author's clone of it at `work`."""

    def __init__(self, root: Path, name: str = "library"):
        self.bare = root / f"{name}.git"
        self.work = root / f"{name}-work"
        git("init", "-q", "--bare", "-b", "main", str(self.bare))
        git("clone", "-q", str(self.bare), str(self.work))
        git("checkout", "-q", "-b", "main", cwd=self.work)
        self.examples = ExampleFolderFactory(self.work)

    def write(self, path: str, content: str) -> None:
        target = self.work / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content)

    def remove(self, path: str) -> None:
        shutil.rmtree(self.work / path)

    def push(self, message: str = "change examples") -> str:
        """Commit everything and push; the new head."""
        git("add", "-A", cwd=self.work)
        git("commit", "-qm", message, cwd=self.work)
        git("push", "-q", "origin", "main", cwd=self.work)
        return self.head()

    def head(self) -> str:
        return git("rev-parse", "HEAD", cwd=self.work).strip()
