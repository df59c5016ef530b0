"""Dates and times in query strings: a 400 naming the parameter, never a 500."""

from datetime import UTC, datetime, timedelta

import django_filters
from django import forms
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django_filters.fields import IsoDateTimeField
from rest_framework import exceptions

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
