"""What a roll-forward deployed, as course_content_deployments materializations of the new course."""

from typing import TYPE_CHECKING

import dagster as dg

from exlib_assets.core.keys import course_content_key, example_version_key
from exlib_assets.defs.deployments.materialize import ASSET_KEY

if TYPE_CHECKING:
    from exlib_assets.core.rollforward.roll import RollForwardReport

# Outcomes after which `main` of the new course holds the entry's version at its path.
_ON_MAIN = ("deployed", "merged", "unchanged")


def rolled_materializations(report: "RollForwardReport") -> list[dg.AssetMaterialization]:
    """One per content of the new course whose folder `main` now holds, at the version it holds
    and with the commit that put it there; none for a dry run."""
    if report.dry_run:
        return []
    carried = {entry["path"] for entry in report.carried}
    held: dict[str, tuple[dict, str | None]] = {}
    for entry in report.contents:
        if entry["status"] in _ON_MAIN:
            commit = report.carry_commit if entry["path"] in carried and report.carry_commit else report.deploy_commit
            held[entry["path"]] = (entry, commit)
    for entry in report.merged:
        if entry["status"] in _ON_MAIN:
            held[entry["path"]] = (entry, report.merge_commit)
    return [
        dg.AssetMaterialization(
            asset_key=ASSET_KEY,
            partition=course_content_key(report.course, path),
            description=f"{entry['example']}@{entry['version']}: rolled forward from {report.source}",
            metadata={
                "course": report.course,
                "content_path": path,
                "outcome": entry["status"],
                "example": entry["example"],
                "version": entry["version"],
                "example_versions_partition": example_version_key(entry["example"], entry["version"]),
                "commit": commit or "",
                "rolled_from": report.source,
                "edits_carried": path in carried,
            },
        )
        for path, (entry, commit) in sorted(held.items())
    ]
