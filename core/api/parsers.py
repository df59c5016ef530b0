"""Request bodies the API reads."""

from rest_framework import exceptions, parsers

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
