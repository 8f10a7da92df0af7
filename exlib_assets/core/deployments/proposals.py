"""Updates left for a lecturer to review: one branch per content and version,
`exlib/update/<path>/<version>`, started from `main` as the run left it, and a merge request
where the git host has them.

A branch someone else has pushed to (say, to resolve the conflict markers) is never replaced:
one holding someone's commits is left alone, and the push carries a lease on the branch as the
run read it, so a commit pushed while the run works is kept too.
"""

import re

from exlib_assets.core import courses
from exlib_assets.core.app import App
from exlib_assets.core.deployments.changes import FolderChange, apply_change
from exlib_assets.core.deployments.outcomes import DeployReport, PathOutcome
from exlib_assets.core.deployments.tracking import write_course_index
from exlib_assets.core.errors import ExlibError
from exlib_assets.core.githost import GitWorkspace
from exlib_assets.core.githost.base import DEFAULT_BRANCH
from exlib_assets.core.githost.workspace import COMMITTER_EMAIL, COMMITTER_NAME, LeaseLost

BRANCH_PREFIX = "exlib/update/"
EXLIB_AUTHOR = f"{COMMITTER_NAME} <{COMMITTER_EMAIL}>"
# Characters git refuses in a ref name, and sequences it refuses (`..`, `@{`, a trailing `.lock`).
_BAD_REF_CHARACTERS = re.compile(r"[^A-Za-z0-9._+@-]")


def branch_name(content_path: str, version: str) -> str:
    safe = _BAD_REF_CHARACTERS.sub("-", version).replace("..", ".").replace("@{", "-")
    return f"{BRANCH_PREFIX}{content_path}/{safe.removesuffix('.lock')}"


def push_proposals(
    app: App, workspace: GitWorkspace, report: DeployReport, changes: dict[str, FolderChange], actor: str
) -> None:
    """Put each proposed outcome of `report` on its branch (and open its merge request).

    An outcome whose branch cannot be written becomes a failure naming the branch; the others
    go ahead. The workspace ends back on `main`.
    """
    proposed = [outcome for outcome in report.outcomes if outcome.status == "proposed"]
    base = workspace.head()
    if not proposed or base is None:
        return
    repository = courses.repository_names(report.course)["assignments"]
    for outcome in proposed:
        try:
            _push_one(app, repository, workspace, base, outcome, changes[outcome.path], actor)
        except ExlibError as error:
            outcome.status = "failed"
            outcome.reason = f"could not prepare the proposal branch {outcome.branch}: {error}"
    workspace.start_branch(DEFAULT_BRANCH, base)


def _push_one(
    app: App,
    repository: str,
    workspace: GitWorkspace,
    base: str,
    outcome: PathOutcome,
    change: FolderChange,
    actor: str,
) -> None:
    branch = outcome.branch
    workspace.start_branch(branch, base)
    apply_change(workspace.folder, change)
    write_course_index(workspace.folder)
    title = proposal_title(outcome)
    workspace.commit_all(
        f"{title}\n\n{proposal_summary(outcome)}\nRequested-by: {actor}\n",
        author_name=COMMITTER_NAME,
        author_email=COMMITTER_EMAIL,
    )
    remote = workspace.remote_head(branch)
    if remote is not None and workspace.same_tree(remote):
        outcome.branch_commit = remote  # prepared before, identically: nothing to push
    elif remote is not None and workspace.authored_by(remote) != EXLIB_AUTHOR:
        outcome.branch_commit = remote
        outcome.reason = f"{branch} already holds someone's commits; it was left as it is"
        return
    else:
        try:
            # The lease is the branch as this run read it: a lecturer's push since then wins.
            workspace.push_with_lease(branch, remote)
        except LeaseLost as lost:
            outcome.branch_commit = lost.remote_commit
            outcome.reason = (
                f"someone pushed {_short(lost.remote_commit)} to {branch} while this run prepared the update; "
                "their commit was kept and this run's proposal was not pushed. Review the branch, or delete it "
                "and run the update again to get exlib's proposal"
            )
            return
        outcome.branch_commit = workspace.head()
    outcome.merge_request_url = app.git_host.open_merge_request(
        repository, branch, title=title, description=proposal_summary(outcome)
    )


def _short(commit: str | None) -> str:
    return commit[:12] if commit else "a deletion"


def proposal_title(outcome: PathOutcome) -> str:
    return f"Update {outcome.path}: {outcome.change}"


def proposal_summary(outcome: PathOutcome) -> str:
    lines = [
        f"Example `{outcome.example}` at `{outcome.path}`: version {outcome.from_version} -> {outcome.version}.",
        "",
    ]
    if outcome.written:
        lines.append("Files written: " + ", ".join(f"`{p}`" for p in outcome.written))
    if outcome.removed:
        lines.append("Files removed: " + ", ".join(f"`{p}`" for p in outcome.removed))
    if outcome.kept_local:
        lines.append("Your changes kept: " + ", ".join(f"`{p}`" for p in outcome.kept_local))
    if outcome.conflicts:
        lines += ["", "Conflicts to resolve before merging (look for `<<<<<<<` markers):"]
        lines += [f"- {conflict}" for conflict in outcome.conflicts]
    else:
        lines += ["", "No conflicts: merging this branch applies the update."]
    return "\n".join(lines) + "\n"
