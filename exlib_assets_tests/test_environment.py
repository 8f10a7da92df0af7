"""The test environment helpers: what a command run by a test reads is exactly the test's settings."""

import dataclasses
import os
import subprocess
import sys

from exlib_assets.core.settings import Settings
from exlib_assets_tests.environment import point_environment_at, process_environment

READ_BACK = "from exlib_assets.core.settings import Settings; print(repr(Settings.from_env()))"


def test_exlib_env_makes_this_process_read_the_test_settings(exlib_env, settings):
    assert Settings.from_env() == settings
    assert os.environ["DAGSTER_HOME"] == str(settings.home / "dagster")


def test_settings_left_in_the_shell_are_removed(settings, monkeypatch):
    monkeypatch.setenv("EXLIB_GITLAB_TOKEN", "glpat-from-the-shell")
    monkeypatch.setenv("EXLIB_GITLAB_TOKEN__PROG1", "glpat-course-from-the-shell")
    monkeypatch.setenv("EXLIB_FAILPOINT", "deploy.files_written")

    point_environment_at(monkeypatch, settings)

    assert Settings.from_env() == settings
    assert "EXLIB_FAILPOINT" not in os.environ


def test_a_child_process_reads_the_settings_with_their_tokens(settings, tmp_path, monkeypatch):
    monkeypatch.setenv("EXLIB_LIBRARY", "from-the-shell")
    with_token = dataclasses.replace(settings, gitlab_token="glpat-child-0001")

    env = process_environment(with_token, tmp_path / "dagster", EXLIB_FAILPOINT="deploy.reported")
    shown = subprocess.run([sys.executable, "-c", READ_BACK], env=env, capture_output=True, text=True, check=True)

    assert shown.stdout.strip() == repr(with_token)
    assert Settings.from_env(env) == with_token
    assert env["EXLIB_FAILPOINT"] == "deploy.reported" and (tmp_path / "dagster").is_dir()
