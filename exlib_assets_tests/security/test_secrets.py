"""No secret is ever shown or recorded: the git token, the database password and the S3 secret
key are sentinels here, and after succeeding and failing flows (a refused token, a rejected
push, an unreachable server, a failing Dagster run) every byte the flows produced is searched:
the command line's output, the errors, Dagster's event logs, and every file exlib, Dagster and
the git server wrote, plus every row of the database. The command line of every git process
the flows started (which any local user can read) is recorded and searched too, and so is the
repr() of every object holding the settings."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import dagster as dg
import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from exlib_assets.cli.main import cli
from exlib_assets.core.app import open_app
from exlib_assets.core.db.models import Base
from exlib_assets.core.settings import Settings
from exlib_assets.defs.deployments.assets import course_content_deployments
from exlib_assets.defs.deployments.partitions import course_content_partitions
from exlib_assets.defs.deployments.progress import REPORTER_KEY, RunReporter
from exlib_assets.defs.resources import ExlibResource
from exlib_assets.defs.s3 import S3Connection
from exlib_assets.defs.updates.scan_job import scan_assignments_repositories
from exlib_assets.defs.updates.sensors import assignments_repository_changes
from exlib_assets_tests.environment import point_environment_at
from exlib_assets_tests.services.git_http import GitHttpServer

pytestmark = [pytest.mark.postgres, pytest.mark.s3]

GIT_TOKEN = "glpat-SENTINEL-git-7f3a9c"
WRONG_TOKEN = "glpat-SENTINEL-wrong-51d2"
DB_PASSWORD = "SENTINEL-db-pw-4e8b"
S3_SECRET = "SENTINEL-s3-secret-9a1f"
SECRETS = [GIT_TOKEN, WRONG_TOKEN, DB_PASSWORD, S3_SECRET]


@pytest.fixture
def site(tmp_path, postgres_database_url, s3_bucket, monkeypatch):
    """The environment of a production site whose every secret is a sentinel."""
    server = GitHttpServer(tmp_path / "git-server", GIT_TOKEN)
    (tmp_path / "git-server").mkdir()
    with server:
        for slug in ("prog1",):
            server.create_repository(f"{slug}-assignments")
            server.create_repository(f"{slug}-student-template")
        url = sa.make_url(postgres_database_url).set(password=DB_PASSWORD)
        settings = Settings(
            home=tmp_path / "home",
            database_url=url.render_as_string(hide_password=False),
            storage_url=f"s3://{s3_bucket.name}/library",
            library="testlib",
            git_url=server.url(),
        )
        point_environment_at(monkeypatch, settings, tmp_path / "dagster")
        monkeypatch.setenv("AWS_ENDPOINT_URL", s3_bucket.endpoint_url)
        monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", S3_SECRET)
        yield server


@pytest.fixture
def git_command_lines(tmp_path_factory, monkeypatch) -> Path:
    """Record the command line of every git process: `git` on PATH, and the `git` and
    `git-remote-http(s)` that git itself starts from its exec path (the remote helpers get the
    remote's URL as an argument). Returns the file the command lines go to, NUL-separated."""
    folder = tmp_path_factory.mktemp("git-recorder")
    log = folder / "command-lines"
    log.touch()
    real_git = shutil.which("git")
    real_exec_path = Path(subprocess.run([real_git, "--exec-path"], capture_output=True, text=True).stdout.strip())
    shadow = folder / "exec-path"
    shadow.mkdir()
    for entry in real_exec_path.iterdir():
        (shadow / entry.name).symlink_to(entry)
    recorded = {"git": real_git, "git-remote-http": None, "git-remote-https": None}
    for name, target in recorded.items():
        real = target or str(real_exec_path / name)
        for where in (shadow / name, folder / "bin" / name):
            where.parent.mkdir(exist_ok=True)
            where.unlink(missing_ok=True)
            where.write_text(f'#!/bin/sh\nprintf "%s\\0" "$0" "$@" >> {log}\nprintf "\\n" >> {log}\nexec {real} "$@"\n')
            where.chmod(0o755)
    monkeypatch.setenv("PATH", f"{folder / 'bin'}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("GIT_EXEC_PATH", str(shadow))
    return log


class Recorder:
    """Runs `exlib` commands and keeps everything they printed."""

    def __init__(self):
        self.outputs: list[str] = []

    def __call__(self, *args: str):
        result = CliRunner().invoke(cli, list(args), catch_exceptions=True)
        self.outputs.append(f"$ exlib {' '.join(args)}\n{result.output}\n{result.exception!r}")
        return result


def test_no_secret_is_shown_or_recorded_in_succeeding_and_failing_flows(
    site, tmp_path, make_example, monkeypatch, git_command_lines
):
    exlib = Recorder()

    # Succeeding: set up, deploy, build the template, look at it every way a person can.
    assert exlib("db", "upgrade").exit_code == 0
    assert exlib("library", "import", str(make_example("caesar"))).exit_code == 0
    created = exlib("course", "create", "prog1")
    assert created.exit_code == 0, created.output
    # The URL a person sees has no credentials in it.
    assert f"assignments: http://127.0.0.1:{site.port}/prog1-assignments.git" in created.output
    exlib("course", "add-content", "prog1", "week1.caesar")
    exlib("assign", "prog1", "week1.caesar", "test.caesar")
    assert exlib("deploy", "prog1").exit_code == 0
    assert exlib("template", "prog1").exit_code == 0
    # The repository sensor asks the server for its branch heads, and the run it requests fetches.
    with dg.instance_for_test() as scan_instance:
        resources = {"exlib": ExlibResource(s3=S3Connection())}
        with dg.build_sensor_context(instance=scan_instance, resources=resources) as context:
            request = assignments_repository_changes(context)
        assert isinstance(request, dg.RunRequest), request
        scan_job = dg.Definitions(jobs=[scan_assignments_repositories], resources=resources).get_job_def(
            scan_assignments_repositories.name
        )
        scanned = scan_job.execute_in_process(run_config=request.run_config, instance=scan_instance)
        assert scanned.success
        scan_events = [json.dumps(dg.serialize_value(event)) for event in scan_instance.all_logs(scanned.run_id)]
    for command in (("status", "prog1"), ("check", "prog1"), ("history", "prog1"), ("report",), ("course", "list")):
        assert exlib(*command).exit_code == 0
    # A repository cloned from a URL holding the token (migrating an existing course). The person
    # typed the token; what matters is what exlib shows and hands to git, so the command itself
    # is not recorded.
    cloned = CliRunner().invoke(
        cli, ["migrate", "import", f"{site.url()}prog1-assignments.git", "--prefix", "old", "--dry-run"]
    )
    assert cloned.exit_code == 0, cloned.output
    assert "already deployed from the library" in cloned.output
    exlib.outputs.append(f"{cloned.output}\n{cloned.exception!r}")

    # Failing: the server rejects the push; the reason is shown, the token is not.
    exlib("library", "import", str(make_example("hello")))
    exlib("course", "add-content", "prog1", "week1.hello")
    exlib("assign", "prog1", "week1.hello", "test.hello")
    site.reject_pushes("prog1-assignments", "pushes are closed for the exam")
    rejected = exlib("deploy", "prog1")
    assert rejected.exit_code != 0 and "pushes are closed for the exam" in rejected.output
    (site.root / "prog1-assignments.git/hooks/pre-receive").unlink()

    # Failing: a wrong token is refused (and is a secret too).
    monkeypatch.setenv("EXLIB_GIT_URL", site.url(WRONG_TOKEN))
    refused = exlib("deploy", "prog1")
    assert refused.exit_code != 0 and "refused the credentials" in refused.output
    assert exlib("status", "prog1").exit_code == 0  # shows the database's view and why the scan failed

    # Failing: the server is unreachable.
    monkeypatch.setenv("EXLIB_GIT_URL", f"http://oauth2:{GIT_TOKEN}@127.0.0.1:9/")
    unreachable = exlib("deploy", "prog1")
    assert unreachable.exit_code != 0 and "unreachable" in unreachable.output

    # Failing inside a Dagster run: the materialization's failure is in the event log.
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions(course_content_partitions.name, ["prog1/week1.hello"])
        result = dg.materialize(
            [course_content_deployments],
            partition_key="prog1/week1.hello",
            instance=instance,
            resources={"exlib": ExlibResource(s3=S3Connection()), REPORTER_KEY: RunReporter()},
            raise_on_error=False,
        )
        assert not result.success
        events = [json.dumps(dg.serialize_value(event)) for event in instance.all_logs(result.run_id)]
        assert any("unreachable" in event for event in events)

    command_lines = git_command_lines.read_bytes().decode()
    # The recorder saw the pushes and the remote helpers that carried them.
    assert "\0push\0" in command_lines and "git-remote-http\0" in command_lines
    assert "\0ls-remote\0" in command_lines and "\0fetch\0" in command_lines
    leaks = _leaks(command_lines.replace("\0", " "), "command lines of git processes")
    leaks += _leaks("\n".join(exlib.outputs), "CLI output and errors")
    leaks += _leaks("\n".join(events), "Dagster event log of the failed run")
    leaks += _leaks("\n".join(scan_events), "Dagster event log of the repository scan run")
    leaks += _files_with_secrets(tmp_path)
    leaks += _database_rows_with_secrets()
    assert leaks == []


def test_repr_of_the_settings_the_app_and_the_resource_masks_every_secret(postgres_database_url, tmp_path):
    course_tokens = {"EXLIB_GITLAB_TOKEN__PROG1": GIT_TOKEN}
    settings = Settings.from_env(
        {
            "EXLIB_HOME": str(tmp_path),
            "EXLIB_DATABASE_URL": sa.make_url(postgres_database_url)
            .set(password=DB_PASSWORD)
            .render_as_string(hide_password=False),
            "EXLIB_GIT_URL": "gitlab+http://127.0.0.1:9/courses",
            "EXLIB_GITLAB_TOKEN": WRONG_TOKEN,
            **course_tokens,
        }
    )
    resource = ExlibResource(
        database_url=settings.database_url,
        git_url=f"http://oauth2:{GIT_TOKEN}@127.0.0.1:9/courses/",
        s3=S3Connection(aws_secret_access_key=S3_SECRET, endpoint_url="http://127.0.0.1:9"),
    )
    plain = Settings.from_env({"EXLIB_HOME": str(tmp_path), "EXLIB_GIT_URL": f"http://oauth2:{GIT_TOKEN}@127.0.0.1:9/"})

    with open_app(settings) as app, open_app(plain) as app_with_plain_git:
        shown = {
            "settings": repr(settings),
            "app": repr(app),
            "app with a plain git server": repr(app_with_plain_git),
            "resource": repr(resource),
            "resource as text": str(resource),
            "resource settings": repr(resource.settings()),
        }

    leaks = [leak for where, text in shown.items() for leak in _leaks(text, where)]
    assert leaks == []
    # Still useful: where things are, and which tokens are set.
    assert "127.0.0.1:9" in shown["settings"] and "EXLIB_GITLAB_TOKEN__PROG1" in shown["settings"]
    assert "postgresql" in shown["app"] and "***" in shown["resource"]


def _leaks(text: str, where: str) -> list[str]:
    return [f"{where}: {secret}" for secret in SECRETS if secret in text]


def _files_with_secrets(root: Path) -> list[str]:
    """Every file under the test's folder: exlib's home, Dagster's home and runs, git repositories."""
    leaks = []
    for path in root.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            leaks += [f"{path.relative_to(root)}: {s}" for s in SECRETS if s.encode() in data]
    return leaks


def _database_rows_with_secrets() -> list[str]:
    import os

    engine = sa.create_engine(os.environ["EXLIB_DATABASE_URL"])
    leaks = []
    try:
        with engine.connect() as connection:
            for table in Base.metadata.sorted_tables:
                text = "\n".join(repr(tuple(row)) for row in connection.execute(sa.select(table)))
                leaks += _leaks(text, f"table {table.name}")
    finally:
        engine.dispose()
    return leaks
