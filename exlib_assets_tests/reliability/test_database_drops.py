"""The database dropping connections (PostgreSQL terminating every session of exlib's database):
between runs, and in the middle of a run, after it marked its paths `deploying` and before it
records the result. The pooled connections are dead either way; the next use finds that out
(pool_pre_ping), connects again, and the run lands as if nothing happened."""

from pathlib import Path

import psycopg2
import pytest
import sqlalchemy as sa

from exlib_assets.core.deployments.deployer import deploy_course
from exlib_assets.core.deployments.request import DeployRequest
from exlib_assets_tests.reliability.runs import assert_course_consistent, commits_touching
from exlib_assets_tests.reliability.two_step_course import COURSE, FIRST, SECOND

pytestmark = [pytest.mark.postgres, pytest.mark.s3]


@pytest.fixture(params=["production"])
def backend(request) -> str:
    return request.param


def drop_every_connection(database_url: str) -> int:
    """Terminate every session of the database but this one, as a restart or failover does."""
    url = sa.make_url(database_url)
    connection = psycopg2.connect(
        host=url.host, port=url.port, user=url.username, password=url.password or "", dbname=url.database
    )
    try:
        with connection, connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            return cursor.fetchone()[0]
    finally:
        connection.close()


def test_a_run_after_the_connections_were_dropped_lands(app, course: Path):  # noqa: F811
    assert drop_every_connection(app.settings.database_url) >= 1  # the pool held live sessions

    report = deploy_course(app, DeployRequest.deploy(COURSE, [SECOND]))

    assert report.ok and report.commit
    assert_course_consistent(app, COURSE, course, [FIRST, SECOND])


def test_connections_dropped_in_the_middle_of_a_run_are_made_again(app, course: Path):  # noqa: F811
    drops = []

    def drop_once(outcome, done, total):
        # Called while the run works in its working copy: `deploying` is recorded, the result not yet.
        if not drops:
            drops.append(drop_every_connection(app.settings.database_url))

    report = deploy_course(app, DeployRequest.deploy(COURSE, [SECOND]), drop_once)

    assert drops and drops[0] >= 1
    assert report.ok and len(commits_touching(course, SECOND)) == 1
    assert_course_consistent(app, COURSE, course, [FIRST, SECOND])
