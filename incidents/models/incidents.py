"""Incidents, who took part in them, how they link to each other, and the
reports' words that support them."""

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from core.history import record_history
from core.stamped import Stamped
from incidents.models.choices import (
    IncidentActorRole,
    IncidentDatePrecision,
    IncidentExternalSource,
    IncidentGeoPrecision,
    IncidentStatus,
    IncidentType,
    IncidentViolenceType,
    RelationKind,
)
from incidents.models.references import Actor, Place
from sources.models import LATEST_TODAY, Report, Source, latest_today


def visible_to(user, prefix: str = "") -> Q:
    """What of the incidents a user may read: everything with the view
    permission, otherwise only what is published. ``prefix`` reaches the
    incident from another model (``"incident__"``)."""
    if user is not None and user.has_perm("incidents.view_incident"):
        return Q()
    return Q(**{f"{prefix}status": IncidentStatus.PUBLISHED})


class IncidentQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=IncidentStatus.PUBLISHED)

    def visible_to(self, user):
        return self.filter(visible_to(user))


@record_history
class Incident(Stamped):
    IncidentType = IncidentType
    DatePrecision = IncidentDatePrecision
    GeoPrecision = IncidentGeoPrecision
    Status = IncidentStatus
    ViolenceType = IncidentViolenceType
    ExternalSource = IncidentExternalSource

    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    incident_type = models.CharField(_("type"), max_length=30, choices=IncidentType.choices)
    violence_type = models.CharField(
        _("type of violence"),
        max_length=12,
        choices=IncidentViolenceType.choices,
        blank=True,
        db_default="",
        default="",
    )
    date_start = models.DateField(_("first day"))
    date_end = models.DateField(
        _("last day"), blank=True, help_text=_("Leave empty for a single day.")
    )
    date_precision = models.CharField(
        _("date precision"),
        max_length=10,
        choices=IncidentDatePrecision.choices,
        default=DatePrecision.DAY,
    )
    date_note = models.CharField(
        _("date as reported"),
        max_length=300,
        blank=True,
        help_text=_("The words the report used, e.g. “first third of April”."),
    )
    year_inferred = models.BooleanField(
        _("year inferred"),
        default=False,
        help_text=_("Tick when the report gives no year and the editor deduced it."),
    )
    place = models.ForeignKey(
        Place, verbose_name=_("place"), on_delete=models.PROTECT, related_name="incidents"
    )
    geo_precision = models.CharField(
        _("location precision"),
        max_length=10,
        choices=IncidentGeoPrecision.choices,
        default=GeoPrecision.EXACT,
    )
    status = models.CharField(
        _("status"), max_length=12, choices=IncidentStatus.choices, default=Status.DRAFT
    )
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        db_default=1,
        editable=False,
        help_text=_("Goes up with every saved change, so that a stale edit is refused."),
    )
    external_source = models.CharField(
        _("imported from"),
        max_length=10,
        choices=IncidentExternalSource.choices,
        blank=True,
        db_default="",
        default="",
        editable=False,
    )
    external_id = models.CharField(
        _("id in that dataset"),
        max_length=40,
        blank=True,
        db_default="",
        default="",
        editable=False,
        help_text=_("Kept so that a new release of the dataset updates this incident."),
    )
    external_record = models.JSONField(
        _("imported record"),
        default=dict,
        db_default={},
        blank=True,
        editable=False,
        help_text=_(
            "The row as the dataset gave it, so that a re-import can tell what changed "
            "and an export in that layout can give back the columns we have no field for."
        ),
    )
    actors = models.ManyToManyField(
        Actor, through="IncidentActor", related_name="incidents", verbose_name=_("actors")
    )
    related_incidents = models.ManyToManyField(
        "self",
        through="IncidentRelation",
        symmetrical=False,
        related_name="+",
        verbose_name=_("related incidents"),
    )

    objects = IncidentQuerySet.as_manager()

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["-date_start", "-id"]
        permissions = [("review_incident", _("Can verify, publish and retract incidents"))]
        indexes = [
            # The admin incident list, newest first: a page is read from the
            # index instead of sorting a million rows.
            models.Index(F("date_start").desc(), F("id").desc(), name="incidents_incident_newest"),
            # Admin search in titles: icontains compares UPPER(title), and a
            # trigram index finds a word anywhere in it.
            GinIndex(
                OpClass(Upper("title"), name="gin_trgm_ops"), name="incidents_incident_title_trgm"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(incident_type__in=IncidentType.values),
                name="incidents_incident_type_valid",
            ),
            models.CheckConstraint(
                condition=Q(date_precision__in=IncidentDatePrecision.values),
                name="incidents_incident_date_precision_valid",
            ),
            models.CheckConstraint(
                condition=Q(geo_precision__in=IncidentGeoPrecision.values),
                name="incidents_incident_geo_precision_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=IncidentStatus.values),
                name="incidents_incident_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(date_start__lte=F("date_end")),
                name="incidents_incident_dates_ordered",
            ),
            models.CheckConstraint(
                condition=Q(date_end__lte=LATEST_TODAY),
                name="incidents_incident_not_future",
            ),
            models.CheckConstraint(
                condition=~Q(title=""), name="incidents_incident_title_not_empty"
            ),
            models.CheckConstraint(
                condition=Q(violence_type="") | Q(violence_type__in=IncidentViolenceType.values),
                name="incidents_incident_violence_type_valid",
            ),
            models.CheckConstraint(
                condition=Q(external_source="", external_id="")
                | Q(external_source__in=IncidentExternalSource.values) & ~Q(external_id=""),
                name="incidents_incident_external_id_with_source",
            ),
            # A re-import finds the incident it created by this pair.
            models.UniqueConstraint(
                fields=["external_source", "external_id"],
                condition=~Q(external_id=""),
                name="incidents_incident_external_id_unique",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.date_start:%Y-%m-%d})" if self.date_start else self.title

    def clean(self):
        if self.date_start and self.date_end is None:
            self.date_end = self.date_start
        errors = {}
        if self.date_start and self.date_end and self.date_start > self.date_end:
            errors["date_end"] = _(
                "The last day (%(end)s) is before the first day (%(start)s)."
            ) % {"end": self.date_end.isoformat(), "start": self.date_start.isoformat()}
        for field in ("date_start", "date_end"):
            day = getattr(self, field)
            if day and day > latest_today():
                errors.setdefault(
                    field, _("%(date)s is in the future.") % {"date": day.isoformat()}
                )
        if errors:
            raise ValidationError(errors)


@record_history
class IncidentActor(Stamped):
    Role = IncidentActorRole

    incident = models.ForeignKey(
        Incident, verbose_name=_("incident"), on_delete=models.CASCADE, related_name="actor_links"
    )
    actor = models.ForeignKey(
        Actor, verbose_name=_("actor"), on_delete=models.PROTECT, related_name="incident_links"
    )
    role = models.CharField(_("role"), max_length=12, choices=IncidentActorRole.choices)

    class Meta:
        verbose_name = _("actor in the incident")
        verbose_name_plural = _("actors in the incident")
        constraints = [
            models.UniqueConstraint(
                fields=["incident", "actor", "role"], name="incidents_incidentactor_unique"
            ),
            models.CheckConstraint(
                condition=Q(role__in=IncidentActorRole.values),
                name="incidents_incidentactor_role_valid",
            ),
        ]

    def __str__(self):
        return f"{self.actor} ({self.get_role_display()})"


@record_history
class IncidentRelation(Stamped):
    Relation = RelationKind

    from_incident = models.ForeignKey(
        Incident,
        verbose_name=_("incident"),
        on_delete=models.CASCADE,
        related_name="relations_out",
    )
    to_incident = models.ForeignKey(
        Incident,
        verbose_name=_("related incident"),
        on_delete=models.CASCADE,
        related_name="relations_in",
    )
    relation = models.CharField(_("relation"), max_length=20, choices=RelationKind.choices)

    class Meta:
        verbose_name = _("link to another incident")
        verbose_name_plural = _("links to other incidents")
        constraints = [
            models.UniqueConstraint(
                fields=["from_incident", "to_incident", "relation"],
                name="incidents_relation_unique",
            ),
            models.CheckConstraint(
                condition=Q(relation__in=RelationKind.values), name="incidents_relation_valid"
            ),
            models.CheckConstraint(
                condition=~Q(from_incident=F("to_incident")),
                name="incidents_relation_not_to_itself",
            ),
        ]

    def __str__(self):
        return f"{self.get_relation_display()}: {self.to_incident}"

    def clean(self):
        if self.from_incident_id and self.from_incident_id == self.to_incident_id:
            raise ValidationError({"to_incident": _("An incident cannot be linked to itself.")})


@record_history
class Citation(Stamped):
    incident = models.ForeignKey(
        Incident, verbose_name=_("incident"), on_delete=models.CASCADE, related_name="citations"
    )
    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.PROTECT, related_name="citations"
    )
    attributed_to = models.ForeignKey(
        Source,
        verbose_name=_("attributed to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attributed_citations",
        help_text=_(
            "The source the report credits for these words (a witness, a monitoring "
            "group). Leave empty when the report speaks for itself."
        ),
    )
    quote = models.TextField(
        _("quote"), help_text=_("The words of the report that support this incident.")
    )

    class Meta:
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        indexes = [
            # Admin search in quotes (icontains: UPPER(quote) LIKE), see the title index.
            GinIndex(
                OpClass(Upper("quote"), name="gin_trgm_ops"), name="incidents_citation_quote_trgm"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(quote=""), name="incidents_citation_quote_not_empty"
            ),
        ]

    def __str__(self):
        return str(self.report)

    def clean(self):
        if self.report_id:
            self.report.check_quote(self.quote)
