"""Errors of a request that the core has no word for; the API turns each into a 4xx."""

from exlib_assets.core.errors import ExlibError


class InvalidRequestError(ExlibError):
    """The request itself is malformed: a bad content path, a field that contradicts another."""


class RequestConflictError(ExlibError):
    """The request is well formed but clashes with what the course holds; nothing was written.

    `problems` lists each clash, for a front end to show one by one.
    """

    def __init__(self, message: str, problems: list[str] | None = None):
        super().__init__(message)
        self.problems = list(problems or [])
