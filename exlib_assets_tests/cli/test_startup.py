"""What a command loads before it does anything: `exlib --help` and the read-only commands must
not pay for Dagster, pandas, Alembic, python-gitlab or boto3, nor for reading meta.yaml (its
pydantic model and YAML parser), which only the commands that read examples need (how fast they
are is measured in `bench/`, B0; here we prove what they import)."""

import json
import os
import subprocess
import sys

import pytest

from exlib_assets.cli.main import COMMANDS, load_command

HEAVY = (
    "dagster",
    "pandas",
    "matplotlib",
    "alembic",
    "gitlab",
    "boto3",
    "botocore",
    "fastapi",
    "git",
    "pydantic",
    "yaml",
    "exlib_assets.core.meta",
)

# Runs `exlib ARGS` in a fresh interpreter and prints, as JSON, the heavy packages it loaded.
PROBE = """
import json, sys
from exlib_assets.cli.main import cli
try:
    cli(sys.argv[1:])
except SystemExit as end:
    code = end.code
heavy = %r
print("\\nLOADED " + json.dumps(sorted(name for name in heavy if name in sys.modules)) + " EXIT " + str(code))
"""


def loaded_by(args: list[str], env: dict[str, str] | None = None) -> tuple[list[str], int, str]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE % (HEAVY,), *args], capture_output=True, text=True, env=env, timeout=120
    )
    line = result.stdout.rsplit("\nLOADED ", 1)[1]
    loaded, _, code = line.partition(" EXIT ")
    return json.loads(loaded), int(code or 0), result.stdout + result.stderr


def test_help_loads_no_command():
    loaded, code, output = loaded_by(["--help"])

    assert code == 0
    assert loaded == []
    assert all(name in output for name in COMMANDS)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_help_summaries_are_the_commands_own(name):
    # `exlib --help` shows the summaries kept beside the lazy table; they must not drift.
    assert COMMANDS[name].summary == load_command(name).get_short_help_str(limit=10_000)


def test_an_unknown_command_is_refused_as_before():
    loaded, code, output = loaded_by(["no-such-command"])

    assert code == 2 and "No such command 'no-such-command'" in output
    assert loaded == []


@pytest.fixture
def seeded_environment(tmp_path) -> dict[str, str]:
    """The embedded default with the sample course, as `exlib sample seed` leaves it."""
    environment = {
        **{key: value for key, value in os.environ.items() if not key.startswith(("EXLIB_", "DAGSTER_"))},
        "EXLIB_HOME": str(tmp_path / "exlib"),
        "DAGSTER_HOME": str(tmp_path / "dagster"),
    }
    seeded = subprocess.run(
        [sys.executable, "-c", "from exlib_assets.cli.main import cli; cli()", "sample", "seed"],
        capture_output=True,
        text=True,
        env=environment,
        timeout=300,
    )
    assert seeded.returncode == 0, seeded.stdout + seeded.stderr
    return environment


def test_read_only_commands_load_nothing_heavy(seeded_environment):
    from exlib_assets.core.sample import SAMPLE_COURSE_SLUG

    for args in (
        ["course", "list"],
        ["library", "list"],
        ["history", SAMPLE_COURSE_SLUG],
        ["status", SAMPLE_COURSE_SLUG, "--no-refresh"],
        ["status", SAMPLE_COURSE_SLUG],
    ):
        loaded, code, output = loaded_by(args, env=seeded_environment)

        assert code in (0, None), output
        assert loaded == [], f"exlib {' '.join(args)} loaded {loaded}"


def test_commands_that_run_dagster_print_no_dagster_notices(seeded_environment):
    from exlib_assets.core.sample import SAMPLE_COURSE_SLUG

    for args in (["deploy", SAMPLE_COURSE_SLUG], ["template", SAMPLE_COURSE_SLUG]):
        result = subprocess.run(
            [sys.executable, "-c", "from exlib_assets.cli.main import cli; cli()", *args],
            capture_output=True,
            text=True,
            env=seeded_environment,
            timeout=300,
        )

        assert result.returncode == 0, result.stdout + result.stderr
        assert "Warning" not in result.stderr, result.stderr
