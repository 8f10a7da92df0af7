from typing import TYPE_CHECKING

import dagster as dg

from exlib_assets.core.keys import parse_example_version_key
from exlib_assets.defs.library.assets import example_versions
from exlib_assets.defs.library.partitions import example_version_partitions
from exlib_assets.defs.resources import ExlibResource

if TYPE_CHECKING:
    from exlib_assets.core.lecturer_view.example_browser import ExampleRow

CATALOG_SCHEMA = dg.TableSchema(
    columns=[
        dg.TableColumn("example", "string", description="Identifier; give it to the assign_example job."),
        dg.TableColumn("title", "string"),
        dg.TableColumn("language", "string"),
        dg.TableColumn("tags", "string"),
        dg.TableColumn("versions", "string", description="Oldest to newest."),
        dg.TableColumn("dependencies", "string", description="Of the newest version, with their constraints."),
        dg.TableColumn("used_in", "string", description="course/path@version of every folder holding it."),
    ]
)


@dg.asset(
    deps=[dg.AssetDep(example_versions, partition_mapping=dg.AllPartitionMapping())],
    group_name="library",
    kinds={"python"},
    owners=["team:exlib"],
    code_version="1",
)
def example_catalog(context: dg.AssetExecutionContext, exlib: ExlibResource) -> dg.MaterializeResult:
    """Every example of the library: title, language, tags, versions, dependencies and where it is
    used. Each version's page (files, meta.yaml, dependency graph) is a partition of
    example_version_pages. To use an example, launch the assign_example job with its identifier."""
    from exlib_assets.core.lecturer_view.example_browser import example_rows

    with exlib.open() as app, app.db.session() as session:
        rows = example_rows(session, app.storage.library)
    context.log.info(f"{len(rows)} example(s), {sum(len(row.versions) for row in rows)} version(s)")
    return dg.MaterializeResult(
        metadata={
            "examples": dg.MetadataValue.table([_record(row) for row in rows], schema=CATALOG_SCHEMA),
            "example_count": len(rows),
            "version_count": sum(len(row.versions) for row in rows),
            "in_use": sum(bool(row.used_in) for row in rows),
        }
    )


def _record(row: "ExampleRow") -> dg.TableRecord:
    return dg.TableRecord(
        {
            "example": row.identifier,
            "title": row.title,
            "language": row.language,
            "tags": ", ".join(row.tags),
            "versions": ", ".join(row.versions),
            "dependencies": ", ".join(row.dependencies),
            "used_in": ", ".join(row.used_in),
        }
    )


@dg.asset(
    partitions_def=example_version_partitions,
    deps=[example_versions],
    group_name="library",
    kinds={"python"},
    owners=["team:exlib"],
    code_version="1",
)
def example_version_pages(context: dg.AssetExecutionContext, exlib: ExlibResource) -> dg.MaterializeResult:
    """One page per example version (`identifier@version`): its files as a tree, its meta.yaml
    fields and its dependency graph, drawn as a tree."""
    from exlib_assets.core.lecturer_view.example_browser import version_page

    identifier, tag = parse_example_version_key(context.partition_key)
    with exlib.open() as app, app.db.session() as session:
        page = version_page(session, app.storage.library, identifier, tag)
    return dg.MaterializeResult(metadata={"page": dg.MetadataValue.md(page)})
