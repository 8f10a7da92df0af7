"""What a launched run's own process pays beyond its step: the code location is imported, then our
resources are opened. A deploy run opens the application (database engine, schema check, storage,
git host) once, however many of its helpers open it, and does not load what only other runs use
(the template builder's notebook formats, the tests re-run after a deploy when the course does not
ask for them). Each run here is a new Python process, as Dagster's run launcher starts it."""

import json
import subprocess
import sys

import sqlalchemy as sa

from exlib_assets.core import courses, library_index
from exlib_assets.core.sample import SAMPLE_EXAMPLES

# Modules a deploy run must not load: they belong to template builds and re-run tests.
NOT_FOR_A_DEPLOY = [
    "nbformat",
    "jsonschema",
    "pandas",
    "exlib_assets.core.templates.formats.notebook",
    "exlib_assets.core.templates.builder",
    "exlib_assets.core.verification.layout",
]

PROBE = """
import json, sys, warnings
warnings.simplefilter("ignore")
import dagster as dg
import sqlalchemy as sa

database, course, path, watched = sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
engines = set()

@sa.event.listens_for(sa.engine.Engine, "engine_connect")
def _count(connection):
    if connection.engine.url.database == database:
        engines.add(id(connection.engine))

from exlib_assets.definitions import defs

with dg.DagsterInstance.ephemeral() as instance:
    result = defs.get_job_def("deploy_course_contents").execute_in_process(
        run_config={"ops": {"deploy_contents": {"config": {"course": course, "paths": [path]}}}},
        instance=instance,
        raise_on_error=False,
    )
    print(json.dumps({
        "success": result.success,
        "engines": len(engines),
        "loaded": [name for name in watched if name in sys.modules],
    }))
"""


def test_a_deploy_run_opens_the_application_once_and_loads_only_what_deploying_needs(app, exlib_env):
    report = app.library.import_paths([SAMPLE_EXAMPLES / "py_hello_world"])
    assert report.ok, report.failed
    with app.db.session() as session:
        library = library_index.get_or_create_library(session, app.storage.library)
        course = courses.create_course(session, app.git_host, "prog1")
        [identifier] = [entry["identifier"] for entry in report.imported]
        courses.assign(session, library, courses.add_content(session, course, "week1.hello"), identifier)

    database = sa.make_url(exlib_env.database_url).database
    done = subprocess.run(
        [sys.executable, "-c", PROBE, database, "prog1", "week1.hello", json.dumps(NOT_FOR_A_DEPLOY)],
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert done.returncode == 0, done.stderr[-3000:]
    outcome = json.loads(done.stdout.strip().splitlines()[-1])
    assert outcome["success"], done.stdout[-3000:] + done.stderr[-3000:]
    # Before, the deploy and the tests-after-deploy helper each made their own engine and schema check.
    assert outcome["engines"] == 1
    assert outcome["loaded"] == []
