"""The library as a course sees it: browse examples, preview deploying one."""

from fastapi import APIRouter, Query

from exlib_assets.api import schemas
from exlib_assets.api.auth import CourseInScope, QueriedCourseInScope
from exlib_assets.api.routes import errors
from exlib_assets.api.services.examples_for_course import examples_for_course
from exlib_assets.api.services.preview import deployment_preview
from exlib_assets.api.state import State

router = APIRouter(prefix="/api/v1/examples", tags=["examples"])


@router.get("/for-course/{course}", response_model=schemas.ExamplesForCourse, responses=errors(400, 401, 403, 404, 422))
def for_course(
    course: CourseInScope,
    state: State,
    search: str | None = Query(default=None, max_length=200, description="Words in identifier, title, text or tags."),
    language: str | None = Query(
        default=None, max_length=100, description="A programming language (python, c, ...) or the text's (en)."
    ),
    tag: str | None = Query(default=None, max_length=100),
):
    """The library's examples for assigning in the course, with where the course uses each."""
    listing = examples_for_course(state.app, course, search=search, language=language, tag=tag)
    return schemas.ExamplesForCourse(
        course=course,
        examples=[schemas.ExampleSummary.model_validate(entry) for entry in listing.examples],
        total=listing.total,
        filters=schemas.ExampleFilters(languages=listing.languages, tags=listing.tags),
    )


@router.get(
    "/{example}/deployment-preview", response_model=schemas.DeploymentPreview, responses=errors(400, 401, 403, 404, 422)
)
def preview(
    example: str,
    course: QueriedCourseInScope,
    state: State,
    target_path: str = Query(max_length=1100, description="The content path it would go to, e.g. week1.functions."),
    version: str = Query(default="latest", max_length=100, description="A version or constraint."),
):
    """What deploying the example at `target_path` of the course would bring: the version, its
    dependencies and where the course holds them, conflicts, and its files. Changes nothing."""
    return schemas.DeploymentPreview.model_validate(
        deployment_preview(state.app, course, example, version, target_path)
    )
