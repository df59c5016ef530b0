"""What a failure the application did not foresee looks like to the client."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _

# Seconds a client is asked to wait before trying again.
RETRY_AFTER = 30


def server_error(request):
    """Django's handler500: a database that cannot be reached is a 503 (the
    request may succeed later, and nothing was written), JSON for the API; any
    other failure a 500, JSON for the API too."""
    error = sys.exc_info()[1]
    unavailable = isinstance(error, OperationalError | InterfaceError)
    status = 503 if unavailable else 500
    if unavailable:
        message = _("The database cannot be reached just now; nothing was written. Try again.")
    else:
        message = _("Something went wrong on the server; nothing was written.")
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message}, status=status)
    else:
        response = HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")
    if unavailable:
        response["Retry-After"] = str(RETRY_AFTER)
    return response
