"""`dg check defs`, as CI and a developer run it from the project root: the `[tool.dg]` project
in pyproject.toml loads and every definition validates."""

import os
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]


def test_dg_check_defs_passes_from_the_project_root():
    venv = Path(sys.executable).parent.parent
    done = subprocess.run(
        [str(Path(sys.executable).with_name("dg")), "check", "defs"],
        cwd=PROJECT,
        # The project's own environment, as if activated (dg warns when it is not).
        env={**os.environ, "VIRTUAL_ENV": str(venv)},
        capture_output=True,
        text=True,
        timeout=180,
    )

    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "All definitions loaded successfully." in done.stdout + done.stderr
