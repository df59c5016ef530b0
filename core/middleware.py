"""Requests the application refuses before any view sees them."""

from django.conf import settings
from django.http import JsonResponse


def api_request_size_limit(get_response):
    """An API request body over ``API_MAX_BODY_BYTES`` is a 413 that says the
    limit, before anything reads it (DRF's parsers read the stream whole)."""

    def middleware(request):
        if request.path.startswith("/api/"):
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if length > settings.API_MAX_BODY_BYTES:
                limit_mb = settings.API_MAX_BODY_BYTES / 1_000_000
                return JsonResponse(
                    {
                        "detail": f"The request body is {length:,} bytes; the API takes at most "
                        f"{limit_mb:g} MB per request."
                    },
                    status=413,
                )
        return get_response(request)

    return middleware


def api_read_n_plus_one_detection(get_response):
    """django-zeal on API reads (switched on by the test command): a list or
    detail that loads related rows one by one fails the request. Writes look up
    each referenced row by id by design, and admin forms do the same."""

    from zeal import zeal_context  # a test tool: imported only when switched on

    def middleware(request):
        if request.method == "GET" and request.path.startswith("/api/"):
            with zeal_context():
                return get_response(request)
        return get_response(request)

    return middleware
