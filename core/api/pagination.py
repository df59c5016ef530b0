"""Cursor pages for every list."""

from rest_framework import exceptions, pagination


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
