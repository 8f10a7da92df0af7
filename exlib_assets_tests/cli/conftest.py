import pytest
from click.testing import CliRunner

from exlib_assets.cli.main import cli


@pytest.fixture
def run(settings, monkeypatch):
    """Run `exlib ARGS` against the test's database and storage; returns the click result."""
    monkeypatch.setenv("EXLIB_HOME", str(settings.home))
    monkeypatch.setenv("EXLIB_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("EXLIB_STORAGE_URL", settings.storage_url)
    monkeypatch.setenv("EXLIB_LIBRARY", settings.library)
    monkeypatch.setenv("EXLIB_GIT_URL", settings.git_url)
    monkeypatch.setenv("DAGSTER_HOME", str(settings.home / "dagster"))

    def invoke(*args: str):
        return CliRunner().invoke(cli, list(args), catch_exceptions=False)

    return invoke
