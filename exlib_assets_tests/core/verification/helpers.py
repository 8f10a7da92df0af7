"""Examples as file mappings, for verifying without a library."""

from pathlib import Path

import yaml

from exlib_assets.core.sample import SAMPLE_ROOT


def folder_files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def sample(name: str) -> dict[str, bytes]:
    for group in ("examples", "broken"):
        if (SAMPLE_ROOT / group / name).is_dir():
            return folder_files(SAMPLE_ROOT / group / name)
    raise LookupError(name)


def python_example(test_code: str, *, slug: str = "python", solution: str = "def answer():\n    return 42\n") -> dict:
    """A one-file Python example whose test file is `test_code`."""
    meta = {
        "identifier": "t.py.hostile",
        "version": "1.0",
        "properties": {
            "studentSubmissionFiles": ["solution.py"],
            "studentTemplates": ["studentTemplates/solution.py"],
            "testFiles": ["test_it.py"],
            "executionBackend": {"slug": slug},
        },
    }
    return {
        "meta.yaml": yaml.safe_dump(meta).encode(),
        "solution.py": solution.encode(),
        "studentTemplates/solution.py": b"def answer():\n    raise NotImplementedError\n",
        "test_it.py": test_code.encode(),
    }
