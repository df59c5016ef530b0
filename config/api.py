"""REST plumbing shared by both apps: who may do what, pagination, errors, CSV."""

import codecs
import csv
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta

import django_filters
from django import forms
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django_filters.fields import IsoDateTimeField
from rest_framework import exceptions, pagination, parsers, permissions, renderers
from rest_framework.response import Response


class ReadOrModelPermissions(permissions.DjangoModelPermissions):
    """Anyone may read what the queryset shows them (anonymous users see only
    published incidents); writing needs the model's add, change or delete
    permission, which the editor group has."""

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return True
        return bool(request.user and request.user.is_authenticated) and super().has_permission(
            request, view
        )


class StableCursorPagination(pagination.CursorPagination):
    """Cursor pages stay stable while rows are inserted and cost the same deep
    in the table as on the first page (no OFFSET)."""

    ordering = "-id"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

    def decode_cursor(self, request):
        """A cursor this API did not write is a 400 naming the parameter: its
        position, compared with row ids, must be a number."""
        message = {self.cursor_query_param: ["Not a cursor from a next or previous link."]}
        try:
            cursor = super().decode_cursor(request)
        except exceptions.NotFound:
            raise exceptions.ValidationError(message) from None
        if cursor is not None and cursor.position is not None:
            if not cursor.position.lstrip("-").isdigit():
                raise exceptions.ValidationError(message)
        return cursor


def flatten_errors(detail, prefix: str = "") -> dict[str, list[str]]:
    """Turn DRF's nested error structure into {"a[0].b[2].c": [messages]}."""
    flat: dict[str, list[str]] = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            if key in ("non_field_errors", "__all__"):
                path = prefix or "non_field_errors"
            elif isinstance(key, int):  # DRF keys nested list errors by position
                path = f"{prefix}[{key}]"
            else:
                path = f"{prefix}.{key}" if prefix else str(key)
            flat.update(flatten_errors(value, path))
    elif isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            if detail:
                flat.setdefault(prefix or "non_field_errors", []).extend(str(i) for i in detail)
        else:
            for index, item in enumerate(detail):
                flat.update(flatten_errors(item, f"{prefix}[{index}]"))
    else:
        flat.setdefault(prefix or "non_field_errors", []).append(str(detail))
    return flat


def exception_handler(exc, context):
    """Validation errors, from serializers, filters or services, answer 400
    with one flat mapping from the path of each bad value to its messages."""
    if isinstance(exc, ProtectedError):
        blockers = sorted({str(obj._meta.verbose_name_plural) for obj in exc.protected_objects})
        detail = f"Evidence refers to this row ({', '.join(blockers)}); it cannot be deleted."
        return Response({"detail": detail}, status=409)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        )
    # Imported here: DRF's views module loads this module through its settings.
    from rest_framework.views import exception_handler as drf_exception_handler

    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.ValidationError):
        response.data = flatten_errors(response.data)
    return response


# Our deepest document: incident > figures > a figure > breakdown > a line >
# nationalities. Anything far deeper is not ours, and Python's parser would
# exhaust its stack on 3,000 levels.
MAX_JSON_DEPTH = 16


def _depth(value, level: int = 1) -> int:
    if isinstance(value, dict):
        return max((_depth(v, level + 1) for v in value.values()), default=level)
    if isinstance(value, list):
        return max((_depth(v, level + 1) for v in value), default=level)
    return level - 1


class BoundedJSONParser(parsers.JSONParser):
    """JSON as DRF parses it, refused with a 400 when nested too deep."""

    def parse(self, stream, media_type=None, parser_context=None):
        too_deep = exceptions.ParseError(
            f"JSON parse error - nested deeper than {MAX_JSON_DEPTH} levels."
        )
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise too_deep from None
        if _depth(data) > MAX_JSON_DEPTH:
            raise too_deep
        return data


class CSVRenderer(renderers.BaseRenderer):
    """Lets ``?format=csv`` reach the views, which stream their own CSV; it
    renders only what else may come back in that format: errors."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        rows = flatten_errors(data) if isinstance(data, dict | list) else {"detail": [str(data)]}
        lines = [("field", "message")] + [(k, m) for k, ms in rows.items() for m in ms]
        return "".join(csv_line(line) for line in lines).encode("utf-8")


# OWASP: a cell that starts with one of these is a formula to a spreadsheet.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")


def csv_safe(value):
    """A cell as every export writes it: formulas neutralised, booleans as
    true/false (as PostgreSQL's COPY path writes them too)."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


class _Echo:
    def write(self, value):
        return value


_writer = csv.writer(_Echo(), lineterminator="\r\n")


def csv_line(values: Iterable) -> str:
    return _writer.writerow(["" if value is None else value for value in values])


def csv_response(chunks: Iterator[bytes | str], filename: str) -> StreamingHttpResponse:
    """Stream CSV that Excel opens as UTF-8 (a byte-order mark first)."""

    def with_bom():
        yield codecs.BOM_UTF8
        for chunk in chunks:
            yield chunk.encode("utf-8") if isinstance(chunk, str) else chunk

    response = StreamingHttpResponse(with_bom(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def rows_as_csv(header: list[str], rows: Iterable[Iterable]) -> Iterator[str]:
    """CSV lines for Python rows, text cells neutralised, in chunks."""
    yield csv_line(header)
    buffer = []
    for row in rows:
        buffer.append(csv_line(csv_safe(value) for value in row))
        if len(buffer) >= 1000:
            yield "".join(buffer)
            buffer = []
    if buffer:
        yield "".join(buffer)


# No time zone lies beyond these offsets; PostgreSQL refuses beyond ±15:59.
EARLIEST_OFFSET, LATEST_OFFSET = timedelta(hours=-12), timedelta(hours=14)


def as_utc(moment: datetime) -> datetime:
    """``moment`` in UTC (UTC already when it names no zone); ValueError for an
    offset no time zone has, such as +16:00."""
    if timezone.is_naive(moment):
        return timezone.make_aware(moment, UTC)
    offset = moment.utcoffset()
    if not EARLIEST_OFFSET <= offset <= LATEST_OFFSET:
        raise ValueError("Time zones lie between -12:00 and +14:00 from UTC.")
    return moment.astimezone(UTC)


def time_parameter(request, name: str):
    """An ISO 8601 date and time from the query string, in UTC, or a 400
    naming the parameter: never a 500 for 2023-02-30 or an offset of +16:00."""
    raw = request.query_params.get(name, "")
    try:
        moment = parse_datetime(raw)
        if moment is not None:
            return as_utc(moment)
        problem = ""
    except ValueError as error:
        problem = f" {error}" if "Time zones" in str(error) else ""
    raise exceptions.ValidationError(
        {name: [f"Give a date and time, e.g. 2023-03-15T12:00:00Z, not {raw!r}.{problem}"]}
    )


class MomentField(IsoDateTimeField):
    """A date and time for a filter, in UTC; an offset no time zone has is a 400."""

    def clean(self, value):
        moment = super().clean(value)
        if moment is None:
            return moment
        try:
            return as_utc(moment)
        except ValueError as error:
            raise forms.ValidationError(str(error), code="offset") from None


class MomentFilter(django_filters.IsoDateTimeFilter):
    field_class = MomentField


def wants_csv(request) -> bool:
    return request.query_params.get("format") == "csv"
