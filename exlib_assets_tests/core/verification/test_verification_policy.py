"""Verdicts kept in the database and a course's verification policy at deploy time, on both backends."""

import sqlalchemy as sa

from exlib_assets.core import courses, library_index
from exlib_assets.core.db.models import Deployment, ExampleVerification
from exlib_assets.core.deployments.deployer import deploy_course
from exlib_assets.core.deployments.request import DeployRequest
from exlib_assets.core.sample import SAMPLE_EXAMPLES, SAMPLE_ROOT
from exlib_assets.core.updates.status import status_of_contents
from exlib_assets.core.updates.updater import update_course
from exlib_assets.core.verification.service import verify_version

BROKEN = SAMPLE_ROOT / "broken"
CONTENTS = {
    "week1.hello": "itpcp.pgph.py.hello_world",
    "week1.median": "itpcp.broken.py.reference_fails",
    "week1.absolute": "itpcp.broken.py.template_passes",
    "week1.newton": "itpcp.num.julia.newton",
}


def import_examples(app) -> None:
    report = app.library.import_paths(
        [SAMPLE_EXAMPLES / "py_hello_world", SAMPLE_EXAMPLES / "julia_newton", BROKEN / "py_reference_fails",
         BROKEN / "py_template_passes"]
    )  # fmt: skip
    assert report.ok, report.failed


def make_course(app, policy: str, *, allows_no_runner: bool = True) -> str:
    with app.db.session() as session:
        library = library_index.get_or_create_library(session, app.storage.library)
        course = courses.create_course(session, app.git_host, "prog1")
        course.verification_policy = policy
        course.verification_allows_no_runner = allows_no_runner
        for path, identifier in CONTENTS.items():
            courses.assign(session, library, courses.add_content(session, course, path), identifier)
    return "prog1"


def outcomes(report) -> dict[str, tuple[str, str | None]]:
    return {o.path: (o.status, o.reason) for o in report.outcomes}


def verify_all(app) -> dict[str, str]:
    return {identifier: verify_version(app, identifier).verdict for identifier in CONTENTS.values()}


def test_verdicts_are_stored_per_version_and_replaced_on_a_new_run(app):
    import_examples(app)
    assert verify_all(app) == {
        "itpcp.pgph.py.hello_world": "passed",
        "itpcp.broken.py.reference_fails": "failed",
        "itpcp.broken.py.template_passes": "failed",
        "itpcp.num.julia.newton": "no runner",
    }
    verify_version(app, "itpcp.pgph.py.hello_world@1.0")
    with app.db.session() as session:
        rows = session.scalars(sa.select(ExampleVerification)).all()
        by_key = {row.version.partition_key: row for row in rows}
        assert len(rows) == 4  # the second run replaced the first verdict of hello_world
        failed = by_key["itpcp.broken.py.reference_fails@1.0"]
        assert failed.reference["passed"] is False
        assert {"name": "test_median::test_even_count", "outcome": "failed"} in failed.reference["tests"]
        assert failed.digest == failed.version.digest
        assert by_key["itpcp.num.julia.newton@1.0"].reference is None


def test_require_refuses_failed_versions_and_deploys_the_rest(app):
    import_examples(app)
    verify_all(app)
    slug = make_course(app, "require")
    report = deploy_course(app, DeployRequest.deploy(slug, actor="lecturer"))
    result = outcomes(report)
    assert result["week1.hello"] == ("deployed", None)
    assert result["week1.newton"] == ("deployed", None)  # no runner is allowed by default
    for path in ("week1.median", "week1.absolute"):
        status, reason = result[path]
        assert status == "failed"
        assert "requires verified examples" in reason and "failed verification" in reason
    assert "reference solution does not pass" in result["week1.median"][1]
    assert "already passes" in result["week1.absolute"][1]
    with app.db.session() as session:
        states = {row.content.path: row.status for row in session.scalars(sa.select(Deployment))}
    assert states["week1.median"] == "failed" and states["week1.hello"] == "deployed"


def test_require_refuses_a_version_without_a_verdict_and_no_runner_when_told(app):
    import_examples(app)
    verify_version(app, "itpcp.num.julia.newton")
    slug = make_course(app, "require", allows_no_runner=False)
    result = outcomes(deploy_course(app, DeployRequest.deploy(slug, actor="lecturer")))
    assert result["week1.hello"][0] == "failed"
    assert "has no verdict yet; run `exlib library verify itpcp.pgph.py.hello_world@1.0`" in result["week1.hello"][1]
    assert result["week1.newton"][0] == "failed"
    assert "could not be run here" in result["week1.newton"][1]


def test_warn_deploys_whatever_the_verdict_and_the_course_view_shows_each_verdict(app):
    import_examples(app)
    verify_all(app)
    slug = make_course(app, "warn")
    assert {
        status for status, _ in outcomes(deploy_course(app, DeployRequest.deploy(slug, actor="lecturer"))).values()
    } == {"deployed"}
    status = status_of_contents(app, slug)
    assert status.verification_policy == "warn"
    assert {c.path: c.verdict for c in status.contents} == {
        "week1.absolute": "failed",
        "week1.hello": "passed",
        "week1.median": "failed",
        "week1.newton": "no runner",
    }


def test_the_sample_library_verifies_python_and_c_and_says_no_runner_for_the_rest(app):
    report = app.library.import_paths([SAMPLE_EXAMPLES])
    assert report.ok, report.failed
    by_backend: dict[str, set[str]] = {}
    for entry in report.imported:
        reference = f"{entry['identifier']}@{entry['version']}"
        backend = (app.library.show(reference)["meta"].get("execution_backend") or {}).get("slug")
        by_backend.setdefault(backend, set()).add(verify_version(app, reference).verdict)
    assert by_backend.pop("python") == {"passed"}
    assert by_backend.pop("c") == {"passed"}
    assert by_backend and set().union(*by_backend.values()) == {"no runner"}  # julia, octave, r: no runner here


def test_require_refuses_an_update_to_an_unverified_version_until_it_is_verified(app):
    report = app.library.import_paths([SAMPLE_EXAMPLES / "py_strings_util", SAMPLE_EXAMPLES / "py_caesar"])
    assert report.ok, report.failed
    for identifier in ("itpcp.pgph.py.strings_util", "itpcp.pgph.py.caesar@1.0"):
        assert verify_version(app, identifier).verdict == "passed"
    with app.db.session() as session:
        library = library_index.get_or_create_library(session, app.storage.library)
        course = courses.create_course(session, app.git_host, "prog1")
        course.verification_policy = "require"
        for path, identifier in (
            ("week1.strings_util", "itpcp.pgph.py.strings_util"),
            ("week2.caesar", "itpcp.pgph.py.caesar"),
        ):
            courses.assign(session, library, courses.add_content(session, course, path), identifier, "^1.0")
    assert {status for status, _ in outcomes(deploy_course(app, DeployRequest.deploy("prog1"))).values()} == {
        "deployed"
    }
    assert app.library.import_paths([SAMPLE_ROOT / "next" / "py_caesar"]).ok  # caesar 1.1, not verified yet

    refused = outcomes(update_course(app, "prog1", ["week2.caesar"], strategy="overwrite"))
    assert refused["week2.caesar"][0] == "failed"
    assert "itpcp.pgph.py.caesar@1.1 has no verdict yet" in refused["week2.caesar"][1]

    assert verify_version(app, "itpcp.pgph.py.caesar@1.1").verdict == "passed"
    updated = outcomes(update_course(app, "prog1", ["week2.caesar"], strategy="overwrite"))
    assert updated["week2.caesar"] == ("deployed", None)
