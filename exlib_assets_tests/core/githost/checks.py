"""Checks the git host tests share: look at a repository as a person would, and hunt for leaked secrets."""

import subprocess
import traceback
from pathlib import Path


def git(*args: str, cwd: Path | None = None) -> str:
    """Run git the way a person checking the result would; stdout, stripped."""
    result = subprocess.run(
        ["git", "-c", "user.name=Checker", "-c", "user.email=checker@example.edu", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def texts_of(error: BaseException) -> list[str]:
    """str() and repr() of an error and of every error chained to it, explicitly or implicitly."""
    texts = ["".join(traceback.format_exception(error))]
    seen: BaseException | None = error
    while seen is not None:
        texts += [str(seen), repr(seen)]
        seen = seen.__cause__ or seen.__context__
    return texts


def assert_no_secret(error: BaseException, secret: str) -> None:
    leaks = [text for text in texts_of(error) if secret in text]
    assert not leaks, f"secret leaked in: {leaks}"
