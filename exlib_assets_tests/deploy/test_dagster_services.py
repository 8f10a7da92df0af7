"""The production shape without Docker: the real code server, webserver and daemon as processes
with deploy/dagster.yaml (PostgreSQL storage, the queued run coordinator) against PostgreSQL
and an S3 endpoint on 127.0.0.1. An example copied into storage is found by the daemon's
sensor and indexed by its run; a deployment submitted through Dagster's GraphQL API waits in
the queue, runs in the code server and lands in the repository and the database."""

import subprocess
import time
import uuid
from pathlib import Path

import dagster as dg
import pytest
import sqlalchemy as sa
from dagster_graphql import DagsterGraphQLClient

from exlib_assets.core.app import open_app
from exlib_assets.core.db.models import Course, CourseContent, Deployment
from exlib_assets.core.loaded_example import load_example_folder
from exlib_assets.core.settings import Settings
from exlib_assets_tests.deploy.dagster_services import BIN, DagsterServices
from exlib_assets_tests.environment import process_environment
from exlib_assets_tests.examples import ExampleFolderFactory
from exlib_assets_tests.repositories import commit_count, git, tree_files

pytestmark = [pytest.mark.postgres, pytest.mark.s3]
RUN_TIMEOUT_S = 120
DEPLOY_OP = "deploy_contents"


class Site:
    """A production site on one machine: its environment, services, instance and GraphQL client."""

    def __init__(self, env: dict[str, str], services: DagsterServices, git_root: Path, examples: ExampleFolderFactory):
        self.env = env
        self.services = services
        self.git_root = git_root
        self.examples = examples
        self.client = DagsterGraphQLClient("127.0.0.1", port_number=services.web_port)
        self.instance = dg.DagsterInstance.get()

    def exlib(self, *args: str) -> str:
        result = subprocess.run([str(BIN / "exlib"), *args], env=self.env, capture_output=True, text=True)
        assert result.returncode == 0, f"exlib {' '.join(args)}: {result.stdout}{result.stderr}"
        return result.stdout

    def copy_into_storage(self, name: str, version: str = "1.0") -> None:
        """Put an example version straight into the bucket, as an author's S3 client would."""
        example = load_example_folder(self.examples(name, version=version), Settings.from_env(self.env).limits)
        with open_app(Settings.from_env(self.env)) as app:
            app.storage.write_version(example.identifier, example.version, example.files)

    def deploy(self, course: str) -> str:
        return self.client.submit_job_execution(
            "deploy_course_contents",
            repository_location_name="exlib",
            run_config={"ops": {DEPLOY_OP: {"config": {"course": course, "requested_by": "graphql"}}}},
            tags={"exlib/course": course},
        )

    def wait_for_run(self, run_id: str) -> dg.DagsterRun:
        deadline = time.monotonic() + RUN_TIMEOUT_S
        while time.monotonic() < deadline:
            run = self.instance.get_run_by_id(run_id)
            if run.is_finished:
                assert run.status == dg.DagsterRunStatus.SUCCESS, f"run {run_id}: {run.status}\n{self.services.logs()}"
                return run
            time.sleep(0.5)
        raise AssertionError(f"run {run_id} did not finish in {RUN_TIMEOUT_S} s\n{self.services.logs()}")

    def wait_for_sensor_run(self, asset: str) -> dg.DagsterRun:
        deadline = time.monotonic() + RUN_TIMEOUT_S
        while time.monotonic() < deadline:
            runs = [
                run
                for run in self.instance.get_runs()
                if run.asset_selection and dg.AssetKey(asset) in run.asset_selection
            ]
            if runs:
                return self.wait_for_run(runs[-1].run_id)
            time.sleep(1)
        raise AssertionError(f"no run of {asset} was requested in {RUN_TIMEOUT_S} s\n{self.services.logs()}")

    def repository(self, course: str) -> str:
        return str(self.git_root / f"{course}-assignments.git")

    def deployments(self, course: str) -> dict[str, tuple[str, str | None, str | None]]:
        """{path: (status, version, commit)} of `course`."""
        with open_app(Settings.from_env(self.env)) as app, app.db.session() as session:
            rows = session.scalars(
                sa.select(Deployment).join(CourseContent).join(Course).where(Course.slug == course)
            ).all()
            return {
                row.content.path: (row.status, row.example_version and row.example_version.tag, row.commit_sha)
                for row in rows
            }


@pytest.fixture(scope="module")
def site(postgres_server, s3_server, tmp_path_factory) -> Site:
    root = tmp_path_factory.mktemp("site")
    suffix = uuid.uuid4().hex[:8]
    postgres_server.create_database(f"dagster_{suffix}")
    exlib_url = postgres_server.create_database(f"exlib_{suffix}")
    bucket = s3_server.create_bucket(f"library-{suffix}")
    settings = Settings(
        home=root / "exlib",
        database_url=exlib_url,
        storage_url=f"s3://{bucket.name}/library",
        library="testlib",
        git_url=str(root / "git"),
    )
    env = {
        **process_environment(settings, root / "dagster"),
        "DAGSTER_PG_HOST": postgres_server.host,
        "DAGSTER_PG_PORT": str(postgres_server.port),
        "DAGSTER_PG_DB": f"dagster_{suffix}",
        "DAGSTER_PG_USER": postgres_server.user.pw_name,
        "DAGSTER_PG_PASSWORD": "",
        "DAGSTER_MAX_CONCURRENT_RUNS": "4",
        "DAGSTER_COMPUTE_LOGS_DIR": str(root / "logs"),
        "AWS_ENDPOINT_URL": bucket.endpoint_url,
    }
    services = DagsterServices(root / "dagster", env)
    with pytest.MonkeyPatch.context() as patch:
        for name, value in services.env.items():
            patch.setenv(name, value)
        # A shared database is migrated by an admin, never by a run: as `exlib-migrate` does.
        subprocess.run([str(BIN / "exlib"), "db", "upgrade"], env=services.env, check=True, capture_output=True)
        with services:
            yield Site(services.env, services, root / "git", ExampleFolderFactory(root / "examples"))


def test_the_instance_runs_on_postgres_with_the_queued_coordinator(site):
    assert type(site.instance.run_coordinator).__name__ == "QueuedRunCoordinator"
    assert type(site.instance.run_storage).__name__ == "PostgresRunStorage"
    assert site.instance.run_coordinator.get_run_queue_config().tag_concurrency_limits == [
        {"key": "exlib/course", "value": {"applyLimitPerUniqueValue": True}, "limit": 1}
    ]


def test_the_daemon_sensor_indexes_a_version_copied_into_storage(site):
    site.copy_into_storage("caesar")

    run = site.wait_for_sensor_run("example_versions")

    assert run.tags["dagster/sensor_name"] == "example_version_discovery"
    assert run.tags["dagster/partition"] == "test.caesar@1.0"
    assert "test.caesar" in site.exlib("library", "list")


def test_a_deployment_submitted_through_graphql_lands_in_the_repository_and_the_database(site):
    site.wait_for_sensor_run("example_versions")  # the version is indexed
    site.exlib("course", "create", "prog1")
    site.exlib("course", "add-content", "prog1", "week1.caesar")
    site.exlib("assign", "prog1", "week1.caesar", "test.caesar")

    run_id = site.deploy("prog1")
    run = site.wait_for_run(run_id)

    # It waited in the queue (the daemon let it through) and ran in the code server.
    events = [record.event_log_entry.dagster_event_type for record in _run_events(site, run_id)]
    assert events.index(dg.DagsterEventType.RUN_ENQUEUED) < events.index(dg.DagsterEventType.RUN_STARTING)
    assert run.tags["exlib/course"] == "prog1"
    assert {"week1/caesar/solution.py", "week1/caesar/.example-library"} <= set(tree_files(site.repository("prog1")))
    head = git("rev-parse", "main", cwd=Path(site.repository("prog1"))).strip()
    assert site.deployments("prog1") == {"week1.caesar": ("deployed", "1.0", head)}
    # Its step logs are on the volume the webserver reads.
    assert any(Path(site.env["DAGSTER_COMPUTE_LOGS_DIR"]).rglob("*.err"))


def test_runs_of_one_course_never_overlap(site):
    site.wait_for_sensor_run("example_versions")
    for slug in ("prog2", "prog3"):
        site.exlib("course", "create", slug)
        site.exlib("course", "add-content", slug, "week1.caesar")
        site.exlib("assign", slug, "week1.caesar", "test.caesar")

    first, second, other = site.deploy("prog2"), site.deploy("prog2"), site.deploy("prog3")
    runs = {run_id: site.wait_for_run(run_id) for run_id in (first, second, other)}

    records = {r.dagster_run.run_id: r for r in site.instance.get_run_records(dg.RunsFilter(run_ids=list(runs)))}
    spans = sorted((records[run_id].start_time, records[run_id].end_time) for run_id in (first, second))
    # The second run of prog2 started only after the first ended.
    assert spans[1][0] >= spans[0][1]
    # Both courses deployed once: the second run of prog2 found nothing left to do.
    for slug in ("prog2", "prog3"):
        assert site.deployments(slug)["week1.caesar"][:2] == ("deployed", "1.0")
        assert commit_count(site.repository(slug)) == 1


def _run_events(site: Site, run_id: str):
    return site.instance.get_records_for_run(run_id, of_type=None).records
