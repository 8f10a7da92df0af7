"""The example browser in real Dagster runs on a real instance: the catalog table, a version's
page (files, meta.yaml, dependency graph) and the sensor that refreshes them."""

import base64
import re

import dagster as dg
import pytest

from exlib_assets.core import courses, library_index
from exlib_assets.core.deployments.deployer import deploy_course
from exlib_assets.core.deployments.request import DeployRequest
from exlib_assets.defs.example_browser.assets import example_catalog, example_version_pages
from exlib_assets.defs.example_browser.sensors import example_browser_refresh
from exlib_assets.defs.library.partitions import example_version_partitions


@pytest.fixture
def library(app, make_example):
    """base <- middle <- top (each needs the one before), middle tagged; top deployed in prog1."""
    app.library.import_paths(
        [
            make_example("base", files={"data/input.txt": "1 2 3\n"}),
            make_example("middle", dependencies=["test.base"], meta={"keywords": ["loops", "lists"]}),
            make_example("top", version="2.0", dependencies=["test.middle@^1.0"]),
        ]
    )
    with app.db.session() as session:
        course = courses.create_course(session, app.git_host, "prog1")
        library = library_index.get_or_create_library(session, app.storage.library)
        for path, identifier in (
            ("week1.base", "test.base"),
            ("week1.middle", "test.middle"),
            ("week2.top", "test.top"),
        ):
            courses.assign(session, library, courses.add_content(session, course, path), identifier)
    assert deploy_course(app, DeployRequest.deploy("prog1")).ok


def tick(instance, resources, cursor=None):
    with dg.build_sensor_context(instance=instance, resources=resources, cursor=cursor) as context:
        return example_browser_refresh(context)


def test_the_catalog_lists_every_example_with_where_it_is_used(app, library, instance, resources):
    result = dg.materialize([example_catalog], instance=instance, resources=resources)

    [materialization] = result.asset_materializations_for_node("example_catalog")
    rows = {row.data["example"]: row.data for row in materialization.metadata["examples"].value.records}
    assert sorted(rows) == ["test.base", "test.middle", "test.top"]
    assert rows["test.middle"]["tags"] == "loops, lists"
    assert rows["test.middle"]["dependencies"] == "test.base latest"
    assert rows["test.top"]["versions"] == "2.0" and rows["test.top"]["used_in"] == "prog1/week2.top@2.0"


def test_a_version_page_shows_files_meta_and_the_dependency_graph(app, library, instance, resources):
    instance.add_dynamic_partitions(example_version_partitions.name, ["test.top@2.0"])

    result = dg.materialize(
        [example_version_pages], partition_key="test.top@2.0", instance=instance, resources=resources
    )

    page = result.asset_materializations_for_node("example_version_pages")[0].metadata["page"].value
    assert "- 📁 studentTemplates/\n  - `solution.py`" in page
    assert "| title | Top |" in page
    # The graph follows dependencies of dependencies, each to the version its constraint picks.
    drawn = "test.top@2.0\n└── (^1.0) ──▶ test.middle@1.0\n    └── (latest) ──▶ test.base@1.0\n"
    assert drawn in page
    assert "- `test.middle@1.0` needs `test.base@1.0` (latest)" in page
    assert "assign_example" in page


def test_a_version_page_draws_its_dependency_graph_as_a_picture(app, library, instance, resources):
    instance.add_dynamic_partitions(example_version_partitions.name, ["test.top@2.0"])

    result = dg.materialize(
        [example_version_pages], partition_key="test.top@2.0", instance=instance, resources=resources
    )

    page = result.asset_materializations_for_node("example_version_pages")[0].metadata["page"].value
    [image] = re.findall(r"!\[what test\.top@2\.0 needs\]\(data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)\)", page)
    svg = base64.b64decode(image).decode()
    for example in ("test.top@2.0", "test.middle@1.0", "test.base@1.0"):
        assert f">{example}</text>" in svg
    assert svg.count("<line ") == 2


def test_the_sensor_pages_new_versions_and_refreshes_the_catalog_once(app, library, instance, resources, make_example):
    instance.add_dynamic_partitions(example_version_partitions.name, ["test.base@1.0", "test.middle@1.0"])

    first = tick(instance, resources)

    paged = sorted(r.partition_key for r in first.run_requests if r.partition_key)
    assert paged == ["test.base@1.0", "test.middle@1.0"]  # test.top@2.0 has no partition yet
    assert [r.asset_selection for r in first.run_requests if not r.partition_key] == [[example_catalog.key]]
    assert isinstance(tick(instance, resources, first.cursor), dg.SkipReason)

    instance.add_dynamic_partitions(example_version_partitions.name, ["test.top@2.0"])
    second = tick(instance, resources, first.cursor)
    assert sorted(r.partition_key for r in second.run_requests if r.partition_key) == ["test.top@2.0"]
