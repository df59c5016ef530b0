"""The audit trail: every change recorded by PostgreSQL triggers.

django-pghistory installs, for each tracked model, triggers that copy the row
into an append-only event table on every insert, update and delete, whatever
made the change: the admin, the API, an import, a management command or a raw
SQL statement. What the application knows about the change (who, through what,
why) travels in a context that the triggers attach to each event; a change with
no context, such as a statement typed into psql, is recorded without one.
"""

import pghistory
from django.db import connection
from pghistory.middleware import HistoryMiddleware


def record_history(model):
    """Class decorator: record every change of ``model`` in an append-only
    ``<Model>Event`` table (UPDATE and DELETE on it are refused).

    Inserts, updates (only when a value changes) and deletes: pghistory's default
    tracks no deletes, and a deleted casualty figure must remain visible as it
    was. Trackers keep per-model state, so each model gets its own.

    The triggers fire once per statement and copy the statement's rows in one
    set-based insert (from the transition tables): an edit writes one row either
    way, while a bulk import of a million incidents pays for its history in a
    few large inserts instead of one trigger call per row."""
    trackers = (pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
    return pghistory.track(*trackers, append_only=True, level=pghistory.Statement)(model)


def source_of(path: str) -> str:
    if path.startswith("/api/"):
        return "api"
    if "/admin/" in path:
        return "admin"
    return "web"


class ChangeContextMiddleware(HistoryMiddleware):
    """Adds, to pghistory's user and URL, how the change came (admin or API)
    and the reason an API client gives in the X-Change-Reason header."""

    def get_context(self, request):
        context = super().get_context(request)
        context["source"] = source_of(request.path)
        reason = request.headers.get("X-Change-Reason", "").strip()
        if reason:
            context["reason"] = reason
        return context


def command_context(name: str, *, reason: str = "", user=None) -> pghistory.context:
    """The context of a management command, an import or a fixture load."""
    metadata = {"source": "command", "command": name}
    if reason:
        metadata["reason"] = reason
    if user is not None:
        metadata["user"] = user._meta.pk.get_db_prep_value(user.pk, connection)
    return pghistory.context(**metadata)


def change_context(*, user=None, reason: str = "") -> pghistory.context:
    """The context a service writes under: the acting user and the reason join
    whatever the request or command already recorded (a new context otherwise),
    so a service called from a shell or a script still says who did it."""
    metadata = {}
    if user is not None and getattr(user, "is_authenticated", False):
        metadata["user"] = user._meta.pk.get_db_prep_value(user.pk, connection)
    if reason.strip():
        metadata["reason"] = reason.strip()
    return pghistory.context(**metadata)
