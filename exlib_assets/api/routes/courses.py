"""A course's deployments: deploy examples, follow the run, change a content's version, overview."""

from fastapi import APIRouter, Query, status

from exlib_assets.api import schemas
from exlib_assets.api.auth import Caller, CourseInScope
from exlib_assets.api.routes import errors
from exlib_assets.api.services.course_overview import course_overview
from exlib_assets.api.services.deploy_examples import RequestedDeployment, assign_requested
from exlib_assets.api.services.run_status import run_status
from exlib_assets.api.services.version_change import change_version
from exlib_assets.api.state import State
from exlib_assets.defs.deployments.config import DeployConfig
from exlib_assets.runs.course_jobs import DEPLOY

router = APIRouter(prefix="/api/v1/courses/{course}", tags=["courses"])


def _status_url(course: str, run_id: str) -> str:
    return f"/api/v1/courses/{course}/deployment-status/{run_id}"


@router.post(
    "/deploy-examples",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=schemas.RunStarted,
    responses=errors(400, 401, 403, 404, 409, 422, 503),
)
def deploy_examples(
    body: schemas.DeployExamplesRequest,
    course: CourseInScope,
    principal: Caller,
    state: State,
):
    """Assign each example version to its content (created if missing), then deploy them all in
    one `deploy_course_contents` run and one commit. Every item is checked first: if any is
    unsound, nothing is assigned and no run starts."""
    requested = [RequestedDeployment(**item.model_dump()) for item in body.deployments]
    # A place for the run first: a service too busy to run it refuses before assigning anything.
    with state.launcher.reserve() as launch:
        paths = assign_requested(
            state.app,
            course,
            requested,
            overwrite=body.overwrite,
            with_dependencies=body.with_dependencies,
            actor=principal.name,
        )
        config = DeployConfig(
            course=course,
            paths=paths,
            overwrite=body.overwrite,
            with_dependencies=body.with_dependencies,
            requested_by=principal.name,
        )
        run_id = launch(DEPLOY, config, course=course, requested_by=principal.name, paths=len(paths))
    return schemas.RunStarted(
        run_id=run_id,
        status="queued",
        job=DEPLOY.name,
        deployments_requested=len(paths),
        status_url=_status_url(course, run_id),
    )


@router.get(
    "/deployment-status/{run_id}",
    response_model=schemas.DeploymentRunStatus,
    responses=errors(400, 401, 403, 404, 422),
)
def deployment_status(run_id: str, course: CourseInScope, state: State):
    """How a deployment run of the course goes: its status, progress and the outcome per path."""
    found = run_status(state.app, state.launcher, course, run_id)
    return schemas.DeploymentRunStatus(
        run_id=found.run_id,
        course=found.course,
        job=found.job,
        status=found.status,
        progress=schemas.Progress(completed=found.completed, total=found.total, current=found.current),
        results=[schemas.PathResult.model_validate(result) for result in found.results],
        error=found.error,
    )


@router.patch(
    "/content/{path}/example",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=schemas.VersionChangeStarted,
    responses=errors(400, 401, 403, 404, 409, 422, 503),
)
def change_example_version(
    path: str,
    body: schemas.ExampleVersionChange,
    course: CourseInScope,
    principal: Caller,
    state: State,
):
    """Bring content `path` to another version of its example, treating local edits by
    `update_strategy` (skip dismisses the version offered instead)."""
    with state.launcher.reserve() as launch:
        change = change_version(
            state.app, course, path, body.example_version, body.update_strategy, actor=principal.name
        )
        run_id = launch(change.job, change.config, course=course, requested_by=principal.name, paths=1)
    return schemas.VersionChangeStarted(
        run_id=run_id,
        status="queued",
        job=change.job.name,
        deployments_requested=1,
        status_url=_status_url(course, run_id),
        course_content=change.path,
        example=change.example,
        example_version=change.example_version,
        from_version=change.from_version,
        update_strategy=body.update_strategy,
    )


@router.get(
    "/examples/deployment-status",
    response_model=schemas.CourseDeploymentStatus,
    responses=errors(400, 401, 403, 404, 422),
)
def examples_deployment_status(
    course: CourseInScope,
    state: State,
    refresh: bool = Query(default=True, description="Read the repository for changes first (as `exlib status`)."),
):
    """Every assigned or deployed content of the course, with totals: deployed, pending, failed,
    updates available, customized."""
    overview = course_overview(state.app, course, refresh=refresh)
    return schemas.CourseDeploymentStatus(
        course=course,
        total_examples=overview.total_examples,
        deployed=overview.deployed,
        pending=overview.pending,
        failed=overview.failed,
        updates_available=overview.updates_available,
        customized=overview.customized,
        update_policy=overview.status.update_policy,
        update_strategy=overview.status.update_strategy,
        scan_problem=overview.status.scan_problem,
        deployments=[schemas.ContentDeployment.model_validate(row) for row in overview.status.contents],
    )
