"""BENCHMARKS.md is one file with a section per benchmark; each run replaces its own section."""

import re
from pathlib import Path

HEADER = "# Benchmarks\n\nFigures written by the scripts in `bench/`; each section says how to reproduce it.\n"


def write_section(path: Path, title: str, body: str) -> None:
    text = path.read_text() if path.exists() else HEADER
    section = f"## {title}\n\n{body.strip()}\n"
    pattern = re.compile(rf"^## {re.escape(title)}\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(text):
        text = pattern.sub(lambda _: section + "\n", text).rstrip() + "\n"
    else:
        text = text.rstrip() + "\n\n" + section
    path.write_text(text)
