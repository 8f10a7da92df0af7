"""How every exlib writer lands a commit while other runs may be landing theirs on the same branch.

A rejected push is not rebased: exlib's commits rewrite shared files (the course index and
history, a whole template tree), so a rebase would clash every time. The work is redone on top
of the remote instead, which also re-checks it against what the other run wrote.
"""

from collections.abc import Callable
from pathlib import Path

from exlib_assets.core.errors import GitHostError
from exlib_assets.core.githost.base import strip_credentials
from exlib_assets.core.githost.workspace import GitWorkspace, PushRejected

# Each refusal means another run landed first, so a run among N racing on one course is refused
# at most N-1 times: 8 covers the 8 concurrent runs the load test holds; more would only hide
# a runaway loop.
PUSH_ATTEMPTS = 8


def redo_until_pushed(
    push_url: str,
    folder: Path,
    work: Callable[[GitWorkspace, int], bool],
    *,
    what: str,
    attempts: int = PUSH_ATTEMPTS,
) -> tuple[GitWorkspace, int]:
    """Make `folder` match the remote, let `work(workspace, attempt)` change and commit it, and push.

    `work` returns False when there is nothing to push (a preview, or nothing changed). On a
    rejected push everything starts again from the remote. Returns the workspace as pushed and
    how many pushes were rejected on the way.
    """
    for attempt in range(attempts):
        workspace = GitWorkspace.clone_or_fetch(push_url, folder)
        if not work(workspace, attempt):
            return workspace, attempt
        try:
            workspace.push()
            return workspace, attempt
        except PushRejected:
            continue
    raise GitHostError(
        f"could not {what}: the push to {strip_credentials(push_url)} was refused {attempts} times because "
        "other changes kept landing first; nothing was lost, run it again when they are done."
    )
