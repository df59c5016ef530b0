from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.countries import COUNTRY_CODE_PATTERN, country_field
from core.history import record_history
from core.stamped import Stamped
from core.text import bilingual_name, contains_quote

# A date typed by an editor in the world's most advanced time zone (UTC+14) is
# still "today" there; the database compares against that so that nobody near
# midnight is told that today is in the future.
LATEST_TODAY = Now() + timedelta(hours=14)


def latest_today():
    return (timezone.now() + timedelta(hours=14)).date()


class SourceKind(models.TextChoices):
    NEWS_OUTLET = "news_outlet", _("news outlet")
    MONITORING_GROUP = "monitoring_group", _("monitoring group")
    GOVERNMENT = "government", _("government")
    MILITARY = "military", _("military")
    NGO = "ngo", _("NGO")
    SOCIAL_MEDIA = "social_media", _("social media")
    WITNESS = "witness", _("witness")
    DATASET = "dataset", _("research dataset")
    OTHER = "other", _("other")


@record_history
class Source(Stamped):
    Kind = SourceKind

    name = models.CharField(
        _("name"), max_length=200, help_text=_("Name in English or Latin script.")
    )
    name_ar = models.CharField(_("Arabic name"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=SourceKind.choices)
    url = models.URLField(_("web address"), max_length=500, blank=True)
    country = country_field(_("country"), blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name"], name="sources_source_name_unique"),
            models.CheckConstraint(
                condition=Q(kind__in=SourceKind.values), name="sources_source_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(country="") | Q(country__regex=COUNTRY_CODE_PATTERN),
                name="sources_source_country_iso",
            ),
        ]

    def __str__(self):
        return bilingual_name(self.name, self.name_ar)


@record_history
class Report(Stamped):
    source = models.ForeignKey(
        Source,
        verbose_name=_("source"),
        on_delete=models.PROTECT,
        related_name="reports",
        help_text=_("Who published this document."),
    )
    title = models.CharField(_("title"), max_length=500)
    url = models.URLField(_("web address"), max_length=1000, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    language = models.CharField(
        _("language"),
        max_length=12,
        help_text=_("Language code of the text, e.g. ar or en."),
    )
    text = models.TextField(
        _("text"),
        blank=True,
        help_text=_(
            "The document's text, or the excerpt kept. When present, every quote "
            "taken from this report must be found in it."
        ),
    )
    archive_url = models.URLField(_("archived copy"), max_length=1000, blank=True)
    retrieved_at = models.DateTimeField(_("retrieved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-published_on", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["url"], condition=~Q(url=""), name="sources_report_url_unique"
            ),
            models.CheckConstraint(
                condition=Q(language__regex=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"),
                name="sources_report_language_code",
            ),
            models.CheckConstraint(
                condition=Q(published_on__lte=LATEST_TODAY),
                name="sources_report_published_not_future",
            ),
            models.CheckConstraint(condition=~Q(title=""), name="sources_report_title_not_empty"),
        ]

    def __str__(self):
        if self.published_on:
            return f"{self.title} ({self.source.name}, {self.published_on:%Y-%m-%d})"
        return f"{self.title} ({self.source.name})"

    def clean(self):
        if self.published_on and self.published_on > latest_today():
            raise ValidationError(
                {
                    "published_on": _("%(date)s is in the future.")
                    % {"date": self.published_on.isoformat()}
                }
            )

    def check_quote(self, quote: str, field: str = "quote") -> None:
        """Refuse a quote that cannot be found in this report's stored text."""
        if self.text and quote and not contains_quote(self.text, quote):
            raise ValidationError(
                {
                    field: _(
                        "This quote is not in the text of the report “%(title)s”. "
                        "Copy the words exactly as the report has them."
                    )
                    % {"title": self.title}
                }
            )
