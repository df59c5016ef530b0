"""What a client locked out by django-axes (too many wrong passwords) is told."""

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _


def locked_out(request, original_response=None, credentials=None) -> HttpResponse:
    """429 with the wait, as JSON for API clients and as a page for people."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = _(
        "Too many failed logins for this account from this address. Try again in "
        "%(minutes)s minutes, or ask an administrator to reset the password."
    ) % {"minutes": minutes}
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message}, status=429)
    else:
        response = HttpResponse(message, status=429, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(minutes * 60)
    return response
