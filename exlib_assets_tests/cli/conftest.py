import pytest
from click.testing import CliRunner

from exlib_assets.cli.main import cli


@pytest.fixture
def run(exlib_env):
    """Run `exlib ARGS` against the test's database and storage; returns the click result."""

    def invoke(*args: str):
        return CliRunner().invoke(cli, list(args), catch_exceptions=False)

    return invoke
