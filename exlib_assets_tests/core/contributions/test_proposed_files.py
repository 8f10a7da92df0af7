"""The version a contribution proposes, and its meta.yaml."""

import pytest

from exlib_assets.core.contributions.proposed_files import (
    apply_changes,
    next_release,
    prerelease_tag,
    with_version,
)
from exlib_assets.core.deployments.meta_annotation import annotate_meta
from exlib_assets.core.versions import latest_version, parse_constraint, parse_version, sort_versions


@pytest.mark.parametrize(
    ("tags", "expected"),
    [(["1.0"], "1.1"), (["1.9", "1.10"], "1.11"), (["v2"], "v3"), (["1.0", "2.0b1"], "1.1"), (["1.0.post1"], "1.1")],
)
def test_next_release_follows_the_newest_final_version(tags, expected) -> None:
    assert next_release(tags) == expected


def test_contribution_prereleases_sort_before_their_release_and_no_range_picks_them() -> None:
    assert prerelease_tag("1.1", ["1.0", "1.1-contrib.1"]) == "1.1-contrib.2"
    assert sort_versions(["1.1", "1.1-contrib.2", "1.0", "1.1-contrib.1"]) == [
        "1.0",
        "1.1-contrib.1",
        "1.1-contrib.2",
        "1.1",
    ]
    assert parse_version("1.1-contrib.1").is_prerelease
    assert latest_version(["1.0", "1.1-contrib.1"]) == "1.0"
    assert not parse_constraint("^1.0").allows("1.1-contrib.1")


def test_meta_yaml_gets_the_version_and_loses_the_deployment_block() -> None:
    meta = b"# the caesar cipher\nidentifier: test.caesar\nversion: '1.0'\nproperties:\n  version: keep\n"
    deployed = annotate_meta(meta, "week1.caesar", {})

    files = apply_changes(
        {"meta.yaml": meta, "a.py": b"a", "b.py": b"b"},
        {"meta.yaml": deployed, "a.py": b"A", "c.py": b"c"},
        ["~a.py", "-b.py", "+c.py"],
    )

    assert files == {"meta.yaml": meta, "a.py": b"A", "c.py": b"c"}
    assert with_version(meta, "1.1") == meta.replace(b"version: '1.0'", b"version: '1.1'")
