"""A merge request for a contribution's branch, when its library source is a project on the GitLab
server exlib uses (EXLIB_GIT_URL): reviewers then see it where they review everything else."""

import os
from urllib.parse import urlsplit

from exlib_assets.core.app import App
from exlib_assets.core.db.models import LibrarySource
from exlib_assets.core.errors import GitHostError
from exlib_assets.core.library_sources.remote import source_token_variable
from exlib_assets.core.redaction import redact_text


def gitlab_project(app: App, source: LibrarySource) -> tuple[str, str, str] | None:
    """(server URL, project path, token) when `source` is a project on exlib's GitLab server; else None."""
    server = app.settings.git_url
    if not server.startswith("gitlab+"):
        return None
    server = server.removeprefix("gitlab+")
    ours, theirs = urlsplit(server), urlsplit(source.url)
    if theirs.scheme not in ("http", "https") or theirs.netloc != ours.netloc:
        return None
    token = os.environ.get(source_token_variable(source.name)) or app.settings.gitlab_token
    if not token:
        return None
    project = theirs.path.strip("/").removesuffix(".git")
    return f"{ours.scheme}://{ours.netloc}", project, token


def open_merge_request(
    server: str, token: str, project: str, branch: str, *, target: str, title: str, description: str
) -> str:
    """Open a merge request from `branch` into `target` of `project`; its web URL."""
    # Imported here: python-gitlab belongs to the sites that use GitLab, not to every run's start.
    import gitlab
    import requests
    from gitlab.exceptions import GitlabError

    client = gitlab.Gitlab(server, private_token=token, timeout=30)
    data = {
        "source_branch": branch,
        "target_branch": target,
        "title": title,
        "description": description,
        "remove_source_branch": True,
    }
    try:
        created = client.projects.get(project, lazy=True).mergerequests.create(data)
    except (GitlabError, requests.RequestException) as error:
        said = redact_text(str(error), {token})
        raise GitHostError(
            f"branch {branch} was pushed to {server}/{project}, but no merge request could be opened ({said}); "
            "open it by hand, or check that the token may create merge requests there (Developer role, `api` scope)."
        ) from None
    return created.web_url


def merge_request_text(
    identifier: str,
    base: str,
    proposed: str,
    course: str,
    path: str,
    lecturer: str,
    changes: list[str],
    message: str | None,
) -> str:
    """The merge request's description: who proposes what, from which course, and the files."""
    files = "\n".join(f"- `{change[1:]}` ({_CHANGE[change[:1]]})" for change in changes)
    said = f"\n\n> {message}" if message else ""
    return (
        f"{lecturer} proposes version {proposed} of {identifier} (from {base}), as edited in course {course} "
        f"at {path}.{said}\n\nFiles:\n{files}\n\nMerging publishes {proposed} with the next sync of this "
        "source; that course then holds it and every other course is offered the update."
    )


_CHANGE = {"+": "added", "~": "changed", "-": "removed"}
