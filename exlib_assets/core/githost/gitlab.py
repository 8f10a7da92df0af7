"""Course repositories on GitLab: python-gitlab creates groups, projects and merge requests; git pushes over HTTPS."""

import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar
from urllib.parse import quote, urlsplit

import gitlab
import requests
from gitlab.exceptions import GitlabError

from exlib_assets.core.errors import GitHostError
from exlib_assets.core.githost.base import DEFAULT_BRANCH, GitHost, check_repository_name, course_of_repository
from exlib_assets.core.settings import course_token_variable

T = TypeVar("T")

# The API errors exlib turns into GitHostError; anything else is a bug and should show as one.
_API_ERRORS = (GitlabError, requests.RequestException)
# GitLab briefly reports a merge request being merged as 'locked'; for exlib it is still open.
_MERGE_REQUEST_STATES = {"locked": "opened"}


class GitLabHost(GitHost):
    """Projects `{group}/{name}` on a GitLab server, created through its API with a personal/group token.

    The token needs the `api` scope (groups and projects are created through the API) and its user
    at least the Maintainer role in `group` (Owner to create missing subgroups; Developer suffices for
    merge requests). It is kept out of `repr()`, `describe()`, `display_url()` and every error message.
    """

    def __init__(
        self,
        url: str,
        token: str,
        group: str,
        *,
        course_tokens: Mapping[str, str] | None = None,
        timeout: float = 30,
    ):
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname or "@" in parts.netloc:
            raise GitHostError(
                f"GitLab URL {parts.scheme}://{parts.hostname or ''}{parts.path} is not usable: give "
                "https://HOST (no credentials in it; the token is passed separately)."
            )
        if not token:
            raise GitHostError("no GitLab token given: set EXLIB_GITLAB_TOKEN to a token with the `api` scope.")
        if not group.strip("/"):
            raise GitHostError(f"no GitLab group given for {url}: name the group the course repositories go into.")
        self.url = url.rstrip("/")
        self.group = group.strip("/")
        self._token = token
        self._timeout = timeout
        self._client = gitlab.Gitlab(self.url, private_token=token, timeout=timeout)
        # {variable name: token}: a course with its own token uses it, and only it, for its repositories.
        self._course_tokens = dict(course_tokens or {})
        self._course_clients: dict[str, gitlab.Gitlab] = {}

    def __repr__(self) -> str:
        return f"GitLabHost(url={self.url!r}, group={self.group!r}, token='***')"

    def describe(self) -> str:
        return f"GitLab at {self.url}, group {self.group}"

    def ensure_repository(self, name: str) -> None:
        path = self._project_path(name)
        group = self._ensure_group()
        if self._get(self._client.projects, "project", path) is not None:
            return  # an existing project is left exactly as it is
        self._create(
            self._client.projects,
            "project",
            path,
            {
                "name": name,
                "path": name,
                "namespace_id": group.id,
                "default_branch": DEFAULT_BRANCH,
                # An empty project: the first push of `main` creates the branch and makes it the default.
                "initialize_with_readme": False,
                # The assignments repository holds solutions: never public by an instance default.
                "visibility": "private",
            },
        )

    def repository_exists(self, name: str) -> bool:
        return self._get(self._client_for(name).projects, "project", self._project_path(name)) is not None

    def push_url(self, name: str) -> str:
        parts = urlsplit(self.url)
        token = quote(self._token_for(name), safe="")
        return f"{parts.scheme}://oauth2:{token}@{parts.netloc}{parts.path}/{self._project_path(name)}.git"

    def display_url(self, name: str) -> str:
        return f"{self.url}/{self._project_path(name)}.git"

    def open_merge_request(
        self, name: str, branch: str, *, title: str, description: str, target: str = DEFAULT_BRANCH
    ) -> str:
        merge_requests = self._merge_requests(name)
        advice = self._merge_request_advice(name, branch)
        subject = f"{branch} -> {target} in project {self._project_path(name)}"
        already_open = self._call(
            f"look for an open merge request {subject}",
            lambda: merge_requests.list(source_branch=branch, target_branch=target, state="opened", get_all=False),
            advice=advice,
        )
        if already_open:
            # A proposal prepared again: bring the open merge request up to date instead of opening a second one.
            proposal = already_open[0]
            proposal.title = title
            proposal.description = description
            self._call(f"update merge request !{proposal.iid} {subject}", proposal.save, advice=advice)
        else:
            data = {
                "source_branch": branch,
                "target_branch": target,
                "title": title,
                "description": description,
                # The branch only carries the proposal: once merged it is clutter.
                "remove_source_branch": True,
            }
            proposal = self._call(f"open a merge request {subject}", lambda: merge_requests.create(data), advice=advice)
        return proposal.web_url

    def merge_request_state(self, name: str, branch: str) -> str | None:
        merge_requests = self._merge_requests(name)
        newest = self._call(
            f"look up merge requests from {branch} in project {self._project_path(name)}",
            lambda: merge_requests.list(
                source_branch=branch, order_by="created_at", sort="desc", per_page=1, get_all=False
            ),
            advice=self._merge_request_advice(name, branch),
        )
        if not newest:
            return None
        return _MERGE_REQUEST_STATES.get(newest[0].state, newest[0].state)

    def _merge_requests(self, name: str) -> Any:
        # Lazy: the merge request calls themselves answer 404 when the project is missing, one request fewer.
        return self._client_for(name).projects.get(self._project_path(name), lazy=True).mergerequests

    def _merge_request_advice(self, name: str, branch: str) -> dict[int, str]:
        path = self._project_path(name)
        unusable = f"check that branch {branch} was pushed to {path} and that the target branch exists there"
        return {
            400: unusable,
            403: (
                "the token may not do this: it needs the `api` scope, and its user at least the Developer "
                f"role in project {path}"
            ),
            404: (
                f"project {path} was not found (missing, or hidden from the token's user): deploy the course "
                "first (that creates it), or give that user access to the project"
            ),
            409: f"another merge request from {branch} was opened meanwhile: run again to update that one",
            422: unusable,
        }

    def _secrets(self) -> Iterable[str]:
        tokens = [self._token, *self._course_tokens.values()]
        return [form for token in tokens for form in (token, quote(token, safe=""))]

    def _token_for(self, name: str) -> str:
        """The course's own token for its repositories when it has one, else the site's token.

        Creating groups and projects stays with the site's token (`ensure_repository`): a course's
        token is meant to reach nothing but its own projects.
        """
        course = course_of_repository(name)
        return self._course_tokens.get(course_token_variable(course), self._token) if course else self._token

    def _client_for(self, name: str) -> gitlab.Gitlab:
        token = self._token_for(name)
        if token == self._token:
            return self._client
        if token not in self._course_clients:
            self._course_clients[token] = gitlab.Gitlab(self.url, private_token=token, timeout=self._timeout)
        return self._course_clients[token]

    def _project_path(self, name: str) -> str:
        return f"{self.group}/{check_repository_name(name)}"

    def _ensure_group(self) -> Any:
        """The group, creating it and any missing parent groups (`a/b`: first `a`, then `b` inside it)."""
        group = self._get(self._client.groups, "group", self.group)
        if group is not None:
            return group
        parent = None
        parts = self.group.split("/")
        for depth, part in enumerate(parts, start=1):
            path = "/".join(parts[:depth])
            # The full path is known to be missing; its parents may exist.
            existing = self._get(self._client.groups, "group", path) if depth < len(parts) else None
            data = {"name": part, "path": part, "visibility": "private"}
            if parent is not None:
                data["parent_id"] = parent.id
            parent = existing or self._create(self._client.groups, "group", path, data)
        return parent

    def _get(self, manager: Any, kind: str, path: str) -> Any | None:
        """The group or project at `path`, or None when GitLab answers 404."""
        return self._call(f"look up {kind} {path}", lambda: manager.get(path), missing_ok=True)

    def _create(self, manager: Any, kind: str, path: str, data: dict[str, Any]) -> Any:
        try:
            return manager.create(data)
        except _API_ERRORS as error:
            problem = self._failure(f"create {kind} {path}", error)
            taken = getattr(error, "response_code", None) == 400 and "taken" in str(error)
        # Another run may have created it a moment ago: GitLab then answers 400 "has already been taken".
        if taken and (found := self._get(manager, kind, path)) is not None:
            return found
        raise problem

    def _call(
        self,
        action: str,
        call: Callable[[], T],
        *,
        missing_ok: bool = False,
        advice: Mapping[int, str] | None = None,
    ) -> T | None:
        """`call()`, with its API errors turned into GitHostError; `advice` replaces the generic advice by status."""
        try:
            return call()
        except _API_ERRORS as error:
            if missing_ok and getattr(error, "response_code", None) == 404:
                return None
            problem = self._failure(action, error, advice)
        # Raised outside the `except`, so no __context__ keeps the request (and its token header).
        raise problem

    def _failure(self, action: str, error: Exception, advice: Mapping[int, str] | None = None) -> GitHostError:
        status = getattr(error, "response_code", None)
        if isinstance(error, GitlabError):
            message = error.error_message
            detail = message if isinstance(message, str) else json.dumps(message)
        else:
            detail = f"{type(error).__name__}: {' '.join(str(error).split())}"
        todo = (advice or {}).get(status) or self._advice(status)
        where = f"HTTP {status}: {detail}" if status else detail
        return GitHostError(self.redact(f"GitLab at {self.url}: could not {action} ({where}); {todo}."))

    def _advice(self, status: int | None) -> str:
        """What to do about a failed call that answered `status` (None: no answer at all)."""
        if status == 401:
            return (
                "the token was refused: check that EXLIB_GITLAB_TOKEN (or the course's own "
                "EXLIB_GITLAB_TOKEN__COURSE) is right, not expired and not revoked"
            )
        if status == 403:
            return (
                "the token may not do this: it needs the `api` scope (and `write_repository` to push), and its "
                f"user at least the Maintainer role in group {self.group} (Owner to create subgroups)"
            )
        if status is None:
            return f"GitLab did not answer: check the URL {self.url} and that this machine can reach it"
        return (
            f"check the URL {self.url}, the token's scopes (`api`, `write_repository`) and that its user "
            f"may create projects in group {self.group}"
        )
