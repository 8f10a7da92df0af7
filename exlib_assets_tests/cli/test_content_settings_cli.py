"""`exlib course set SLUG --content PATH --title/--points/--deadline`: the values reach the student meta.yaml."""

import yaml

from exlib_assets_tests.repositories import clone


def test_course_set_content_values_reach_the_student_template(app, run, make_example, tmp_path) -> None:
    assert run("library", "import", str(make_example("caesar"))).exit_code == 0
    run("course", "create", "prog1")
    run("course", "add-content", "prog1", "week1.caesar")
    run("assign", "prog1", "week1.caesar", "test.caesar")
    assert run("deploy", "prog1").exit_code == 0

    refused = run("course", "set", "prog1", "--points", "5")
    assert refused.exit_code == 1 and "--content PATH" in refused.output
    bad = run("course", "set", "prog1", "--content", "week1.caesar", "--deadline", "soon")
    assert bad.exit_code == 1 and "ISO 8601" in bad.output
    done = run("course", "set", "prog1", "--content", "week1.caesar", "--points", "5", "--deadline", "2026-01-31")
    assert done.exit_code == 0, done.output
    assert "points 5, deadline 2026-01-31" in done.output

    assert run("template", "prog1").exit_code == 0
    copy = clone(app.git_host.push_url("prog1-student-template"), tmp_path / "template")
    meta = yaml.safe_load((copy / "week1" / "caesar" / "meta.yaml").read_text())
    assert (meta["points"], meta["deadline"]) == (5, "2026-01-31")
