"""The environment `exlib` commands and Dagster runs read their settings from, built from `Settings`.

Every test that runs `exlib` (in this process or as a child process) or a Dagster run that opens
the app goes through here, so the variables are written out once: by `Settings.to_env`.
"""

import os
from pathlib import Path

import pytest

from exlib_assets.core.settings import COURSE_TOKEN_PREFIX, VERIFY_COMMAND_PREFIX, Settings

# Every variable `Settings.from_env` reads, taken from `to_env` itself so the two cannot drift apart.
_EVERY_SETTING = Settings(
    home=Path("/"), database_url="-", storage_url="-", library="-", git_url="-", gitlab_token="-"
).to_env(include_secrets=True)
# Test hooks of the package: one set in the calling shell must not reach a run that should not fail.
_TEST_HOOKS = {"EXLIB_FAILPOINT"}


def is_setting_variable(name: str) -> bool:
    """True for a variable that changes what `Settings.from_env` reads, or a test hook."""
    return (
        name in _EVERY_SETTING or name in _TEST_HOOKS or name.startswith((COURSE_TOKEN_PREFIX, VERIFY_COMMAND_PREFIX))
    )


def settings_environment(settings: Settings, dagster_home: Path) -> dict[str, str]:
    """The variables pointing `exlib` at `settings` and Dagster at `dagster_home`.

    Tokens in `settings` are included: a child process pushing to GitLab needs them. Never log it.
    """
    return {**settings.to_env(include_secrets=True), "DAGSTER_HOME": str(dagster_home)}


def process_environment(settings: Settings, dagster_home: Path, **extra: str) -> dict[str, str]:
    """The whole environment of a child `exlib` process: this process's without any setting of its
    own, then `settings`, DAGSTER_HOME (created here) and `extra` (a failpoint, say)."""
    dagster_home.mkdir(parents=True, exist_ok=True)
    return {
        **{name: value for name, value in os.environ.items() if not is_setting_variable(name)},
        **settings_environment(settings, dagster_home),
        **extra,
    }


def point_environment_at(monkeypatch: pytest.MonkeyPatch, settings: Settings, dagster_home: Path | None = None) -> None:
    """Make this process read `settings` (what in-process `exlib` commands and runs do), with
    DAGSTER_HOME at `dagster_home` (default: `dagster` under the settings' home), until `monkeypatch`
    undoes it. Settings left in the environment by the caller's shell are removed first. The
    folders are left to whoever uses them: a command refused early must not leave any behind."""
    for name in [name for name in os.environ if is_setting_variable(name)]:
        monkeypatch.delenv(name)
    for name, value in settings_environment(settings, dagster_home or settings.home / "dagster").items():
        monkeypatch.setenv(name, value)
