"""CSV as every export writes it: UTF-8 with a byte-order mark, formulas
neutralised (OWASP), booleans as true/false, streamed."""

import codecs
import csv
from collections.abc import Iterable, Iterator

from django.http import StreamingHttpResponse
from rest_framework import renderers

from core.api.errors import flatten_errors


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


def wants_csv(request) -> bool:
    return request.query_params.get("format") == "csv"
