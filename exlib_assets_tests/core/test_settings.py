"""Settings written out as EXLIB_* variables and read back: what child processes and tests start from."""

import dataclasses
from pathlib import Path

from exlib_assets.core.settings import Settings, SizeLimits

GITLAB_TOKEN = "glpat-site-token-0001"
COURSE_TOKEN = "glpat-course-token-0002"


def every_field_set(root: Path) -> Settings:
    """Settings in which no field has the value `from_env` would fall back to."""
    return Settings(
        home=root / "home",
        database_url="postgresql+psycopg2://exlib:pw@127.0.0.1:5432/exlib",
        storage_url="s3://bucket/library",
        library="testlib",
        git_url="gitlab+https://gitlab.example.edu/courses",
        limits=SizeLimits(max_file_bytes=1234, max_example_bytes=56789),
        gitlab_token=GITLAB_TOKEN,
        gitlab_course_tokens={"EXLIB_GITLAB_TOKEN__PROG1_2026": COURSE_TOKEN},
        verify_commands={"EXLIB_VERIFY_COMMAND__JULIA": "julia-grader --fast"},
    )


def test_every_field_differs_from_what_an_empty_environment_gives(tmp_path):
    """Otherwise the round trip below could pass by reading defaults back."""
    settings = every_field_set(tmp_path)
    defaults = Settings.from_env({"EXLIB_HOME": str(tmp_path / "elsewhere")})
    for field in dataclasses.fields(Settings):
        assert getattr(settings, field.name) != getattr(defaults, field.name), field.name


def test_to_env_with_secrets_round_trips_every_field(tmp_path):
    settings = every_field_set(tmp_path)

    assert Settings.from_env(settings.to_env(include_secrets=True)) == settings


def test_to_env_round_trips_the_embedded_default(tmp_path):
    settings = Settings.from_env({"EXLIB_HOME": str(tmp_path)})

    read_back = Settings.from_env(settings.to_env())

    assert read_back == settings
    assert read_back.is_embedded_database


def test_to_env_leaves_tokens_out_unless_asked(tmp_path):
    settings = every_field_set(tmp_path)

    env = settings.to_env()

    assert GITLAB_TOKEN not in env.values() and COURSE_TOKEN not in env.values()
    read_back = Settings.from_env(env)
    assert read_back.gitlab_token is None and read_back.gitlab_course_tokens == {}
    assert read_back == dataclasses.replace(settings, gitlab_token=None, gitlab_course_tokens={})


def test_to_env_names_only_exlib_variables(tmp_path):
    assert all(name.startswith("EXLIB_") for name in every_field_set(tmp_path).to_env(include_secrets=True))
