"""A course's verification policy, applied to the versions a deploy is about to bring.

off: verdicts are not looked at. warn: deploys go ahead; `exlib status` shows each content's
verdict. require: a version whose verdict is `failed`, or that has no verdict for its files yet,
is refused for its path with the reason (the other paths of the run still deploy); `no runner`
is accepted unless the course says otherwise (`exlib course set --no-runner refuse`).
"""

import dataclasses

from sqlalchemy.orm import Session

from exlib_assets.core.db.models import Course
from exlib_assets.core.deployments.wishes import Wish
from exlib_assets.core.verification.records import verdicts_for
from exlib_assets.core.verification.verdict import FAILED, NO_RUNNER

POLICIES = ("off", "warn", "require")


def refuse_unverified(session: Session, course: Course, wishes: list[Wish]) -> list[Wish]:
    """`wishes` with a verification problem set on each one the course's policy refuses."""
    if course.verification_policy != "require":
        return wishes
    wanted = [wish for wish in wishes if not wish.remove and wish.version_id is not None]
    verdicts = verdicts_for(session, [wish.version_id for wish in wanted])
    refused = {}
    for wish in wanted:
        row = verdicts.get(wish.version_id)
        key = f"{wish.identifier}@{wish.version}"
        if row is None:
            refused[wish.path] = (
                f"course {course.slug} requires verified examples and {key} has no verdict yet; "
                f"run `exlib library verify {key}` (or materialize its example_versions partition), then deploy again"
            )
        elif row.verdict == FAILED:
            refused[wish.path] = (
                f"course {course.slug} requires verified examples and {key} failed verification: {row.reason}; "
                "fix the example and import it as a new version, or choose another version"
            )
        elif row.verdict == NO_RUNNER and not course.verification_allows_no_runner:
            refused[wish.path] = (
                f"course {course.slug} requires verified examples and {key} could not be run here ({row.reason}); "
                f"configure a runner, or allow it with `exlib course set {course.slug} --no-runner allow`"
            )
    return [
        dataclasses.replace(wish, verification_problem=refused[wish.path]) if wish.path in refused else wish
        for wish in wishes
    ]
