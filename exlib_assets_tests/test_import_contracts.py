"""The import contracts in pyproject.toml ([tool.importlinter]) hold: `cli` over `api` over the
run layer over the definitions over `defs` over `core`; `core` free of Dagster; deployments (the
mechanism) never importing updates (the policy)."""

import subprocess
import sys
import tomllib
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
CONTRACTS = tomllib.loads((PROJECT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]


def test_every_import_contract_is_kept():
    done = subprocess.run(
        [str(Path(sys.executable).with_name("lint-imports")), "--no-cache"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert f"Contracts: {len(CONTRACTS)} kept, 0 broken." in done.stdout


def test_the_contracts_cover_the_layers_the_readme_draws():
    [layers] = [contract["layers"] for contract in CONTRACTS if contract["type"] == "layers"]
    assert layers == [
        "exlib_assets.cli",
        "exlib_assets.api",
        "exlib_assets.runs",
        "exlib_assets.definitions",
        "exlib_assets.defs",
        "exlib_assets.core",
    ]
    forbidden = {
        contract["source_modules"][0]: contract["forbidden_modules"]
        for contract in CONTRACTS
        if contract["type"] == "forbidden"
    }
    assert "dagster" in forbidden["exlib_assets.core"]
    assert forbidden["exlib_assets.core.deployments"] == ["exlib_assets.core.updates"]
