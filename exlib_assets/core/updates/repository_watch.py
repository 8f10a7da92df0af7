"""Which courses' assignments repositories changed since they were last read: the cheap question
a sensor asks on every tick, before any run fetches or reads anything.

A course is due when its `main` moved away from the commit its last scan read, or when a branch of
one of its open proposals is gone (deleted, or merged and cleaned up). A merge request closed on
GitLab leaves its branch in place and shows in no head, so courses with open proposals are also
due once an hour.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa

from exlib_assets.core import courses
from exlib_assets.core.app import App
from exlib_assets.core.db.models import Course, UpdateProposal
from exlib_assets.core.githost.base import DEFAULT_BRANCH
from exlib_assets.core.githost.heads import branch_heads


@dataclass
class RepositoryWatch:
    # slug -> why it is due (the new head, or the proposal branch gone), for the run key and the log.
    due: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    courses: int = 0


def courses_to_scan(app: App, *, now: datetime) -> RepositoryWatch:
    """The courses whose assignments repository needs reading, from one database query and the
    repositories' branch heads (asked in parallel)."""
    with app.db.session() as session:
        scanned = dict(session.execute(sa.select(Course.slug, Course.scanned_commit)).all())
        proposal_branches: dict[str, set[str]] = defaultdict(set)
        for slug, branch in session.execute(
            sa.select(Course.slug, UpdateProposal.branch)
            .join(Course, Course.id == UpdateProposal.course_id)
            .where(UpdateProposal.status == "open")
        ):
            proposal_branches[slug].add(branch)
    urls = {slug: app.git_host.push_url(courses.repository_names(slug)["assignments"]) for slug in scanned}
    watch = RepositoryWatch(courses=len(scanned))
    for slug, heads in sorted(branch_heads(urls).items()):
        if isinstance(heads, Exception):
            watch.problems.append(f"{slug}: {heads}")
            continue
        head = heads.get(DEFAULT_BRANCH)
        gone = sorted(branch for branch in proposal_branches.get(slug, ()) if branch not in heads)
        if head is not None and head != scanned[slug]:
            watch.due[slug] = f"main at {head}"
        elif gone:
            watch.due[slug] = f"proposal branch {gone[0]} gone"
        elif proposal_branches.get(slug):
            watch.due[slug] = f"open proposals, hourly look at {now:%Y-%m-%dT%H}"
    return watch
