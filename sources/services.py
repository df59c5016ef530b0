"""Writes to sources and reports, shared by the admin, the API and imports."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import ngettext

from core.text import contains_quote
from core.writes import reference_save
from sources.models import Report, Source

SOURCE_FIELDS = ("name", "name_ar", "kind", "url", "country", "description")
REPORT_FIELDS = (
    "source",
    "title",
    "url",
    "published_on",
    "language",
    "text",
    "archive_url",
    "retrieved_at",
)


def source_save(*, user, data, source: Source | None = None) -> Source:
    return reference_save(user=user, instance=source or Source(), data=data, fields=SOURCE_FIELDS)


@transaction.atomic
def report_save(*, user, data, report: Report | None = None) -> Report:
    """Create or update a report; see :func:`check_report_text`."""
    report = report or Report()
    if "text" in data:
        check_report_text(report, data["text"])
    return reference_save(user=user, instance=report, data=data, fields=REPORT_FIELDS)


def check_report_text(report: Report, text: str | None) -> None:
    """Refuse new text that would orphan a quote: every citation and figure
    quoted from this report must still be found in it."""
    if report.pk is None or not text:
        return
    quotes = list(report.citations.values_list("quote", flat=True))
    quotes += list(report.casualty_figures.values_list("quote", flat=True))
    orphaned = [quote for quote in quotes if not contains_quote(text, quote)]
    if orphaned:
        raise ValidationError(
            {
                "text": [
                    ngettext(
                        "%(count)s quote taken from this report would no longer be found "
                        "in its text: “%(quote)s”.",
                        "%(count)s quotes taken from this report would no longer be found "
                        "in its text, e.g. “%(quote)s”.",
                        len(orphaned),
                    )
                    % {"count": len(orphaned), "quote": orphaned[0][:80]}
                ]
            }
        )
