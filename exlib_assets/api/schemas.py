"""The API's request and response bodies: what the OpenAPI schema shows a front end."""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

MAX_DEPLOYMENTS = 200


class Body(BaseModel):
    # Responses are built from the services' dataclasses; requests refuse unknown fields, so a
    # misspelt option is an error rather than silently ignored.
    model_config = ConfigDict(from_attributes=True)


class Request(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ErrorBody(Body):
    error: str = Field(description="What kind of problem: unauthorized, forbidden, not_found, invalid_request, ...")
    detail: str = Field(description="What was wrong and what to do about it.")
    problems: list[str] = Field(default_factory=list, description="Each problem, when there are several.")


# --- deploying ---------------------------------------------------------------------------------


class DeploymentItem(Request):
    target_path: str = Field(
        max_length=1100, description="Content path (ltree), e.g. week1.hello_world; created if missing."
    )
    example: str = Field(min_length=1, max_length=300, description="Example identifier, e.g. itpcp.py.caesar.")
    example_version: str = Field(
        default="latest", max_length=100, description="A version (1.2, v1.2), a constraint (^1.2, >=1,<2) or latest."
    )
    course_content: str | None = Field(
        default=None, max_length=1100, description="The content as the front end names it: its path, as target_path."
    )


class DeployExamplesRequest(Request):
    deployments: list[DeploymentItem] = Field(min_length=1, max_length=MAX_DEPLOYMENTS)
    overwrite: bool = Field(default=False, description="Replace local edits and other examples at the paths.")
    with_dependencies: bool = Field(
        default=False, description="Assign missing dependencies next to the content needing them."
    )


class RunStarted(Body):
    run_id: str = Field(description="The Dagster run; ask deployment-status/{run_id} how it goes.")
    status: Literal["queued"]
    job: str = Field(description="The Dagster job the run runs (the same as the CLI's).")
    deployments_requested: int
    status_url: str


class ExampleVersionChange(Request):
    example_version: str = Field(max_length=100, description="A version (2.0) or a constraint (^2.0, latest).")
    update_strategy: Literal["overwrite", "merge", "skip"] = Field(
        description="overwrite: replace local edits (git history keeps them); merge: three-way, conflicts become a "
        "proposal branch; skip: dismiss this offered version, leaving the content where it is."
    )


class VersionChangeStarted(RunStarted):
    course_content: str
    example: str
    example_version: str = Field(description="The version the request resolved to.")
    from_version: str | None = Field(description="The version deployed before, if any.")
    update_strategy: str


# --- run status --------------------------------------------------------------------------------


class Progress(Body):
    completed: int
    total: int
    current: str | None = Field(description="The path last prepared and what happened to it.")


class PathResult(Body):
    course_content: str
    target_path: str
    example: str | None
    example_version: str | None
    status: str = Field(description="deployed, merged, unchanged, removed, proposed, skipped, conflict, failed, ...")
    reason: str | None = None
    from_version: str | None = None
    branch: str | None = Field(default=None, description="The proposal branch, when the change awaits review.")
    conflicts: list[str] = Field(default_factory=list)


class DeploymentRunStatus(Body):
    run_id: str
    course: str
    job: str | None
    status: Literal["queued", "running", "completed", "failed", "canceled"]
    progress: Progress
    results: list[PathResult]
    error: str | None = Field(default=None, description="Why the run failed as a whole, when it did.")


# --- a course's deployments --------------------------------------------------------------------


class ContentDeployment(Body):
    path: str
    example: str
    constraint: str | None
    deployed: str | None
    status: str
    update_available: str | None = None
    dismissed: str | None = None
    customized: list[str] = Field(default_factory=list)
    customized_commit: str | None = None
    commit: str | None = None
    reason: str | None = None
    proposal_branch: str | None = None
    proposal_conflicts: list[str] = Field(default_factory=list)
    merge_request_url: str | None = None
    verdict: str | None = Field(
        default=None,
        description="The verification verdict of the deployed version: passed, failed or no runner (none yet: null).",
    )


class CourseDeploymentStatus(Body):
    course: str
    total_examples: int
    deployed: int
    pending: int
    failed: int
    updates_available: int
    customized: int
    update_policy: str
    update_strategy: str
    scan_problem: str | None = Field(description="Why the repository could not be read this time, if it could not.")
    deployments: list[ContentDeployment]


# --- the library -------------------------------------------------------------------------------


class ExampleSummary(Body):
    identifier: str
    title: str | None
    description: str | None
    language: str | None = Field(description="The language of the task text (meta.yaml's `language`).")
    backend: str | None = Field(description="The execution backend, naming the programming language (python, c, ...).")
    tags: list[str]
    versions: list[str]
    latest: str | None
    used_at: list[str] = Field(description="Content paths of the course assigned this example.")


class ExampleFilters(Body):
    languages: list[str] = Field(description="Backends and text languages the `language` filter accepts.")
    tags: list[str]


class ExamplesForCourse(Body):
    course: str
    examples: list[ExampleSummary]
    total: int
    filters: ExampleFilters


class DependencyPreview(Body):
    identifier: str
    constraint: str
    resolves_to: str | None
    assigned_at: str | None = Field(description="Where the course assigns it; null when nowhere.")


class VersionPreview(Body):
    tag: str
    digest: str
    license: str | None
    authors: list[str]
    indexed_at: str


class ConflictPreview(Body):
    type: Literal["path_exists", "local_edits", "dependency_missing"]
    path: str
    current_content: str
    resolved_by: Literal["overwrite", "with_dependencies"]


class FileStructure(Body):
    files: list[str]
    file_count: int
    size_bytes: int
    size_mb: float


class DeploymentPreview(Body):
    course: str
    target_path: str
    target_folder: str
    example: ExampleSummary
    version: VersionPreview
    dependencies: list[DependencyPreview]
    conflicts: list[ConflictPreview]
    file_structure: FileStructure


# --- student templates -------------------------------------------------------------------------


class TemplateReleaseRequest(Request):
    only: list[str] = Field(
        default_factory=list,
        max_length=MAX_DEPLOYMENTS,
        description="Release only these content paths and what is below them, from now on.",
    )
    release_all: bool = Field(default=False, description="Release every content again.")
    dry_run: bool = Field(default=False, description="Show what the template would hold and change; push nothing.")


class IncludedContent(Body):
    path: str
    kind: str
    files: list[str]
    notes: list[str]


class HeldBackContent(Body):
    path: str
    reason: str
    kept: list[str] = Field(description="Its files from the last release, kept in the template; empty: left out.")


class TemplateReport(Body):
    course: str
    dry_run: bool
    source_commit: str | None
    commit: str | None
    head: str | None
    released: list[str] | None
    included: list[IncludedContent]
    held_back: list[HeldBackContent] = Field(
        description="Contents that could not be built or would leak: not released this time, the rest was."
    )
    left_out: dict[str, str]
    written: list[str]
    removed: list[str]


class TemplateRelease(Body):
    run_id: str | None = Field(description="The student_templates run; null for a dry run.")
    report: TemplateReport


class TemplateStatus(Body):
    course: str
    repository: str
    template_policy: str
    released_paths: list[str] | None
    template_commit: str | None
    source_commit: str | None
    built_at: datetime | None
    assignments_head: str | None
    up_to_date: bool


class Health(Body):
    status: Literal["ok"]
