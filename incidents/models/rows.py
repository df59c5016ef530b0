"""The flat casualty table every list, export and total reads."""

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from incidents.models.breakdown import CasualtyGroup
from incidents.models.figures import CasualtyFigure, format_count
from incidents.models.incidents import Incident
from incidents.models.references import Actor
from sources.models import Report, Source


class CasualtyRow(models.Model):
    """One row of the flat casualty table: a breakdown line, or the part of a
    figure its breakdown leaves unaccounted for (nationality and affiliation
    unknown), so that the rows of a figure always add up to the figure.

    Read from the PostgreSQL view ``incidents_casualtyrow`` (migration 0005); the
    JSON list, the CSV export and the statistics all read these rows.
    """

    id = models.BigIntegerField(primary_key=True)
    line = models.ForeignKey(
        CasualtyGroup, on_delete=models.DO_NOTHING, null=True, related_name="+"
    )
    is_remainder = models.BooleanField()
    figure = models.ForeignKey(CasualtyFigure, on_delete=models.DO_NOTHING, related_name="+")
    incident = models.ForeignKey(Incident, on_delete=models.DO_NOTHING, related_name="+")
    report = models.ForeignKey(Report, on_delete=models.DO_NOTHING, related_name="+")
    attributed_to = models.ForeignKey(
        Source, on_delete=models.DO_NOTHING, null=True, related_name="+"
    )
    outcome = models.CharField(max_length=10, choices=CasualtyFigure.Outcome.choices)
    preferred = models.BooleanField()
    figure_count_min = models.IntegerField(null=True)
    figure_count_best = models.IntegerField(null=True)
    figure_count_max = models.IntegerField(null=True)
    count_min = models.IntegerField(null=True)
    count_best = models.IntegerField(null=True)
    count_max = models.IntegerField(null=True)
    nationalities = ArrayField(models.CharField(max_length=2))
    nationality_basis = models.CharField(max_length=10)
    excluded_nationality = models.CharField(max_length=2)
    affiliation = models.ForeignKey(Actor, on_delete=models.DO_NOTHING, null=True, related_name="+")
    combatant_status = models.CharField(max_length=12)
    sex = models.CharField(max_length=10)
    age_group = models.CharField(max_length=10)
    quote = models.TextField()

    class Meta:
        managed = False
        db_table = "incidents_casualtyrow"
        verbose_name = _("casualty row")
        verbose_name_plural = _("casualty rows")

    def __str__(self):
        return f"{format_count(self.count_min, self.count_max)} {self.outcome}"
