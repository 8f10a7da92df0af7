"""The API's endpoints, one file per area."""

from exlib_assets.api.schemas import ErrorBody


def errors(*statuses: int) -> dict:
    """The OpenAPI `responses` of the errors an endpoint may answer with."""
    said = {
        400: "The body is not JSON, or the request cannot be carried out as asked.",
        401: "No token, or one that is unknown or revoked.",
        403: "The token may not touch this course.",
        404: "The course, content, example, version or run does not exist.",
        409: "The request clashes with what the course holds; nothing was written.",
        422: "The request is malformed (a bad content path, version or field); nothing was written.",
        502: "The git host or example storage failed.",
        503: "The service has as many runs working and waiting as it takes (see Retry-After); nothing was written.",
    }
    return {status: {"model": ErrorBody, "description": said[status]} for status in statuses}
