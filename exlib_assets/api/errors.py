"""Every error as a 4xx (or, for a service exlib depends on, a 5xx) with a body saying what was
wrong. The request's values, the Authorization header above all, are never echoed back."""

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from exlib_assets.api.runs import RETRY_AFTER_S, RunQueueFull
from exlib_assets.api.services.problems import InvalidRequestError, RequestConflictError
from exlib_assets.core.access.scope import AccessDeniedError, NotAuthenticatedError
from exlib_assets.core.errors import (
    DatabaseNotReadyError,
    DependencyError,
    ExlibError,
    GitHostError,
    InvalidVersionError,
    NotFoundError,
    StorageError,
    VersionConflictError,
)
from exlib_assets.core.templates.leak_guard import LeakError

# Most specific first: the first class an error is an instance of decides.
STATUS = [
    (NotAuthenticatedError, 401, "unauthorized"),
    (AccessDeniedError, 403, "forbidden"),
    (NotFoundError, 404, "not_found"),
    (InvalidRequestError, 422, "invalid_request"),
    (InvalidVersionError, 422, "invalid_request"),
    (RequestConflictError, 409, "conflict"),
    (VersionConflictError, 409, "conflict"),
    (DependencyError, 409, "conflict"),
    (LeakError, 409, "conflict"),
    (DatabaseNotReadyError, 503, "not_ready"),
    (RunQueueFull, 503, "busy"),
    (GitHostError, 502, "git_host_failed"),
    (StorageError, 502, "storage_failed"),
    (ExlibError, 400, "bad_request"),
]
HTTP_WORDS = {401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed"}


def error_response(status: int, error: str, detail: str, problems: list[str] | None = None, headers=None):
    body = {"error": error, "detail": detail, "problems": problems or []}
    return JSONResponse(body, status_code=status, headers=headers)


async def exlib_error(_request: Request, error: ExlibError) -> JSONResponse:
    status, word = next((status, word) for kind, status, word in STATUS if isinstance(error, kind))
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    if isinstance(error, RunQueueFull):
        headers = {"Retry-After": str(RETRY_AFTER_S)}
    return error_response(status, word, str(error), getattr(error, "problems", None), headers)


async def invalid_request(_request: Request, error: RequestValidationError) -> JSONResponse:
    problems = [f"{'.'.join(str(part) for part in issue['loc'])}: {issue['msg']}" for issue in error.errors()]
    return error_response(422, "invalid_request", "the request is not valid: " + "; ".join(problems), problems)


async def http_error(_request: Request, error: HTTPException) -> JSONResponse:
    word = HTTP_WORDS.get(error.status_code, "http_error")
    return error_response(error.status_code, word, str(error.detail), headers=getattr(error, "headers", None))


def install(api: FastAPI) -> None:
    api.add_exception_handler(ExlibError, exlib_error)
    api.add_exception_handler(RequestValidationError, invalid_request)
    api.add_exception_handler(HTTPException, http_error)
