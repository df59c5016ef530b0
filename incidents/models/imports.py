"""The record of each dataset file imported."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from incidents.models.choices import IncidentExternalSource


class ImportRun(models.Model):
    """One written import of a dataset file: the history of every row it
    created or changed points here (its context carries the run's id)."""

    layout = models.CharField(_("layout"), max_length=10, choices=IncidentExternalSource.choices)
    file_name = models.CharField(_("file"), max_length=255)
    file_sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("run by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    rows = models.PositiveIntegerField(_("rows"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-started_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(layout__in=IncidentExternalSource.values),
                name="incidents_importrun_layout_valid",
            ),
            models.CheckConstraint(
                condition=Q(file_sha256__regex=r"^[0-9a-f]{64}$"),
                name="incidents_importrun_sha256_hex",
            ),
            models.CheckConstraint(
                condition=Q(rows__gte=F("created") + F("updated") + F("unchanged")),
                name="incidents_importrun_counts_within_rows",
            ),
        ]

    def __str__(self):
        return f"{self.get_layout_display()} {self.file_name} ({self.started_at:%Y-%m-%d %H:%M})"
