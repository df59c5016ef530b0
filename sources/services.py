"""Writes to sources and reports, shared by the admin, the API and imports."""

from django.core.exceptions import ValidationError
from django.db import transaction

from config.writes import reference_save
from sources.models import Report, Source
from sources.text import contains_quote

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
    """Create or update a report.

    Changing the stored text may not orphan a quote: every citation and figure
    quoted from this report must still be found in the new text.
    """
    report = report or Report()
    if report.pk is not None and data.get("text"):
        orphaned = [
            quote for quote in _quotes_taken_from(report) if not contains_quote(data["text"], quote)
        ]
        if orphaned:
            raise ValidationError(
                {
                    "text": [
                        f"{len(orphaned)} quote(s) taken from this report would no longer "
                        f"be found in its text, e.g. \u201c{orphaned[0][:80]}\u201d."
                    ]
                }
            )
    return reference_save(user=user, instance=report, data=data, fields=REPORT_FIELDS)


def _quotes_taken_from(report: Report) -> list[str]:
    quotes = list(report.citations.values_list("quote", flat=True))
    quotes += list(report.casualty_figures.values_list("quote", flat=True))
    return quotes
