"""Changing a course's settings: policies, strategy, verification, language and archived contents.

One function for every front end (`exlib course set`, the Launchpad job), so each checks the same
and says the same. Every value is checked before any is applied: bad input changes nothing."""

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from exlib_assets.core import courses
from exlib_assets.core.errors import ExlibError
from exlib_assets.core.verification.policy import POLICIES

TEMPLATE_POLICIES = ("manual", "auto")
UPDATE_POLICIES = ("off", "propose", "auto")
UPDATE_STRATEGIES = ("overwrite", "merge", "skip")


@dataclass
class SettingsChange:
    """What to change; None leaves a setting as it is."""

    template_policy: str | None = None
    update_policy: str | None = None
    update_strategy: str | None = None
    verification: str | None = None
    no_runner_allowed: bool | None = None
    tests_after_deploy: bool | None = None
    # A language code, or `none` for each example's own language.
    language: str | None = None
    archive: list[str] = field(default_factory=list)


def change_settings(session: Session, slug: str, change: SettingsChange) -> list[str]:
    """Apply `change` to course `slug`; one line per setting changed, for the person who asked."""
    course = courses.require_course(session, slug)
    _check_choice("template policy", change.template_policy, TEMPLATE_POLICIES)
    _check_choice("update policy", change.update_policy, UPDATE_POLICIES)
    _check_choice("update strategy", change.update_strategy, UPDATE_STRATEGIES)
    _check_choice("verification", change.verification, POLICIES)
    language = courses.check_language(change.language) if change.language else None
    archived = [courses.require_content(session, course, path) for path in change.archive]
    said = []
    if change.language:
        course.language = language
        shown = course.language or "each example's own language"
        said.append(f"{slug}: students read {shown}")
    if change.update_policy:
        course.update_policy = change.update_policy
        said.append(f"{slug}: update policy {change.update_policy}")
    if change.update_strategy:
        course.update_strategy = change.update_strategy
        said.append(f"{slug}: update strategy {change.update_strategy}")
    if change.template_policy:
        course.template_policy = change.template_policy
        said.append(f"{slug}: template policy {change.template_policy}")
    if change.verification:
        course.verification_policy = change.verification
        said.append(f"{slug}: verification {change.verification}")
    if change.no_runner_allowed is not None:
        course.verification_allows_no_runner = change.no_runner_allowed
        said.append(f"{slug}: a `no runner` verdict is {'allowed' if change.no_runner_allowed else 'refused'}")
    if change.tests_after_deploy is not None:
        course.tests_after_deploy = change.tests_after_deploy
        said.append(f"{slug}: tests after deploy {'on' if change.tests_after_deploy else 'off'}")
    for content in archived:
        content.archived = True
        said.append(f"{slug}: {content.path} archived (left out of deploys and the student template)")
    return said


def _check_choice(setting: str, value: str | None, choices: tuple[str, ...]) -> None:
    if value is not None and value not in choices:
        raise ExlibError(f"{setting} {value!r} is not one of {', '.join(choices)}; choose one of them.")
