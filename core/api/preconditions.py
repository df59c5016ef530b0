"""Optimistic concurrency: a row's version sent as its ETag on reads, and
required back as If-Match on writes, so that a change made on a stale copy is
refused instead of overwriting someone else's."""

from rest_framework.exceptions import APIException
from rest_framework.response import Response


class PreconditionRequired(APIException):
    status_code = 428
    default_detail = (
        "Send If-Match with the incident's ETag (from GET), so that an edit made on "
        "a stale copy is refused rather than overwriting someone else's."
    )


class PreconditionFailed(APIException):
    status_code = 412

    def __init__(self, current_version: int | None):
        if current_version is None:
            super().__init__("If-Match is not an ETag of this incident.")
        else:
            super().__init__(
                f"The incident has changed since you read it (it is now at version "
                f"{current_version}); read it again and reapply your change."
            )


def with_etag(response: Response, row) -> Response:
    response["ETag"] = f'"{row.version}"'
    return response


def version_from_if_match(request) -> int:
    """The version an update was made against, from its If-Match header."""
    header = request.headers.get("If-Match")
    if not header:
        raise PreconditionRequired()
    try:
        return int(header.removeprefix("W/").strip().strip('"'))
    except ValueError:
        raise PreconditionFailed(None) from None
