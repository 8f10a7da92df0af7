from typing import TYPE_CHECKING

import dagster as dg

from exlib_assets.core.keys import parse_example_version_key
from exlib_assets.defs.library.partitions import example_version_partitions
from exlib_assets.defs.resources import ExlibResource

if TYPE_CHECKING:
    from exlib_assets.core.example_library import IndexReport

CHECKS = {
    "files_safe": "Every file has a safe relative path and is within the size limits.",
    "meta_yaml_valid": "meta.yaml parses and names its example and version as stored.",
    "dependencies_resolvable": "Every testDependency resolves to an indexed version, with no cycle.",
}
MAX_FILES_SHOWN = 200


@dg.asset(
    partitions_def=example_version_partitions,
    group_name="library",
    kinds={"python", "s3"},
    owners=["team:exlib"],
    code_version="1",
    check_specs=[
        dg.AssetCheckSpec(name, asset="example_versions", description=description)
        for name, description in CHECKS.items()
    ],
)
def example_versions(context: dg.AssetExecutionContext, exlib: ExlibResource) -> dg.MaterializeResult:
    """Immutable versions of the library's examples, one partition per `identifier@version`.

    Materializing a partition reads the stored version, checks its files, meta.yaml and
    dependencies, and indexes it in the application database with its digest and per-file
    sha256 manifest. A version that fails a check is not indexed; the check says why.
    """
    identifier, version = parse_example_version_key(context.partition_key)
    with exlib.open() as app:
        report = app.library.index_stored(identifier, version)
    if report.indexed:
        context.log.info(f"{report.key}: {'indexed' if report.created else 'already indexed, unchanged'}")
    else:
        context.log.error(
            f"{report.key} was not indexed: {report.file_problem or report.meta_problem or report.dependency_problems}"
        )
    return dg.MaterializeResult(metadata=_metadata(report), check_results=_check_results(report))


def _check_results(report: "IndexReport") -> list[dg.AssetCheckResult]:
    def result(name: str, problems: list[str], severity: dg.AssetCheckSeverity) -> dg.AssetCheckResult:
        return dg.AssetCheckResult(
            check_name=name,
            passed=not problems,
            severity=severity,
            description="; ".join(problems) if problems else CHECKS[name],
        )

    files = [report.file_problem] if report.file_problem else []
    meta = [report.meta_problem] if report.meta_problem else []
    # A dependency may simply not have arrived yet (WARN); a cycle keeps the version out (ERROR).
    dependency_severity = dg.AssetCheckSeverity.ERROR if report.blocked_by_cycle else dg.AssetCheckSeverity.WARN
    if files or meta:
        dependencies = ["not checked: the version could not be read"]
        dependency_severity = dg.AssetCheckSeverity.ERROR
    else:
        dependencies = report.dependency_problems
    return [
        result("files_safe", files, dg.AssetCheckSeverity.ERROR),
        result("meta_yaml_valid", meta, dg.AssetCheckSeverity.ERROR),
        result("dependencies_resolvable", dependencies, dependency_severity),
    ]


def _metadata(report: "IndexReport") -> dict:
    metadata: dict = {"partition": report.key, "indexed": _outcome(report)}
    example = report.loaded
    if example is None:
        return metadata
    dependencies = example.meta.properties.test_dependencies
    files = sorted(example.manifest.items())
    file_rows = "\n".join(f"| `{path}` | `{sha[:12]}` |" for path, sha in files[:MAX_FILES_SHOWN])
    more = f"\n\n… and {len(files) - MAX_FILES_SHOWN} more files" if len(files) > MAX_FILES_SHOWN else ""
    metadata.update(
        {
            "identifier": example.identifier,
            "version": example.version,
            "title": example.meta.title or "",
            "digest": example.digest,
            "file_count": len(files),
            "size_bytes": example.size_bytes,
            "dependency_count": len(dependencies),
            "files": dg.MetadataValue.md(f"| file | sha256 |\n|---|---|\n{file_rows}{more}"),
            "dependencies": dg.MetadataValue.md(
                "| example | version |\n|---|---|\n"
                + "\n".join(f"| `{dep.identifier}` | `{dep.constraint}` |" for dep in dependencies)
                if dependencies
                else "none"
            ),
            "missing_files": dg.MetadataValue.json(example.missing),
            "source": report.source_name or "",
            "source_commit": report.source_commit or "",
        }
    )
    return metadata


def _outcome(report: "IndexReport") -> str:
    if not report.indexed:
        return "refused"
    return "new" if report.created else "unchanged"
