"""The HTTP API stands on the run layer, not on the command line."""

import json
import pkgutil
import subprocess
import sys

import exlib_assets.api

# Imports every module of the API in a fresh interpreter and prints the exlib_assets.cli modules loaded.
PROBE = """
import importlib, json, sys
for name in sys.argv[1:]:
    importlib.import_module(name)
print(json.dumps(sorted(name for name in sys.modules if name.startswith("exlib_assets.cli"))))
"""


def test_the_api_imports_nothing_from_the_cli():
    modules = [info.name for info in pkgutil.walk_packages(exlib_assets.api.__path__, "exlib_assets.api.")]
    assert "exlib_assets.api.runs" in modules and "exlib_assets.api.app" in modules

    probe = subprocess.run([sys.executable, "-c", PROBE, *modules], capture_output=True, text=True, timeout=300)

    assert probe.returncode == 0, probe.stderr
    assert json.loads(probe.stdout.splitlines()[-1]) == []
