from dataclasses import dataclass

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Func, Q
from django.db.models.expressions import RawSQL
from django.db.models.functions import Upper
from django.db.models.lookups import Regex
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_countries import countries

from config.history import tracked
from config.tracking import COUNTRY_CODE_PATTERN, Tracked, bilingual_name, country_field
from sources.models import LATEST_TODAY, Report, Source, latest_today


# Close to ACLED's actor types, so that its data maps onto ours.
class ActorKind(models.TextChoices):
    STATE_FORCES = "state_forces", _("state forces")
    FOREIGN_STATE_FORCES = "foreign_state_forces", _("foreign state forces")
    COALITION = "coalition", _("international coalition")
    REBEL_GROUP = "rebel_group", _("rebel group")
    MILITIA = "militia", _("militia")
    ARMED_GROUP = "armed_group", _("other armed group")
    CONTRACTOR = "contractor", _("private contractor")
    CIVILIANS = "civilians", _("civilians")
    OTHER = "other", _("other")


@tracked
class Actor(Tracked):
    Kind = ActorKind

    name = models.CharField(_("name"), max_length=200)
    name_ar = models.CharField(_("Arabic name"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=ActorKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of or backed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("E.g. a militia under the state that backs it."),
    )
    country = country_field(_("country"), blank=True)

    class Meta:
        verbose_name = _("actor")
        verbose_name_plural = _("actors")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name"], name="incidents_actor_name_unique"),
            models.CheckConstraint(
                condition=Q(kind__in=ActorKind.values), name="incidents_actor_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(country="") | Q(country__regex=COUNTRY_CODE_PATTERN),
                name="incidents_actor_country_iso",
            ),
            models.CheckConstraint(
                condition=~Q(parent=F("pk")), name="incidents_actor_not_own_parent"
            ),
        ]

    def __str__(self):
        return bilingual_name(self.name, self.name_ar)

    def clean(self):
        ancestor = self.parent
        seen = set()
        while ancestor is not None:
            if (self.pk and ancestor.pk == self.pk) or ancestor.pk in seen:
                raise ValidationError(
                    {"parent": _("%(actor)s cannot be placed under itself.") % {"actor": self.name}}
                )
            seen.add(ancestor.pk)
            ancestor = ancestor.parent


@tracked
class Place(Tracked):
    name = models.CharField(_("name"), max_length=200)
    name_ar = models.CharField(_("Arabic name"), max_length=200, blank=True)
    country = country_field(_("country"))
    admin1 = models.CharField(
        _("governorate"), max_length=200, blank=True, help_text=_("First-level division.")
    )
    admin2 = models.CharField(
        _("district"), max_length=200, blank=True, help_text=_("Second-level division.")
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["country", "admin1", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "admin1", "admin2", "name"],
                name="incidents_place_unique_within_division",
            ),
            models.CheckConstraint(
                condition=Q(country__regex=COUNTRY_CODE_PATTERN),
                name="incidents_place_country_iso",
            ),
            # Both or neither: the comparisons alone would let a half pair
            # through, since NULL >= -90 is not false but unknown.
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(
                    latitude__isnull=False,
                    longitude__isnull=False,
                    latitude__gte=-90,
                    latitude__lte=90,
                    longitude__gte=-180,
                    longitude__lte=180,
                ),
                name="incidents_place_coordinates_valid",
            ),
        ]

    def __str__(self):
        parts = [bilingual_name(self.name, self.name_ar)]
        if self.admin1:
            parts.append(self.admin1)
        return ", ".join(parts)

    def clean(self):
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(
                _("Give both latitude and longitude, or neither."), code="coordinates_pair"
            )


def visible_to(user, prefix: str = "") -> Q:
    """What of the incidents a user may read: everything with the view
    permission, otherwise only what is published. ``prefix`` reaches the
    incident from another model (``"incident__"``)."""
    if user is not None and user.has_perm("incidents.view_incident"):
        return Q()
    return Q(**{f"{prefix}status": IncidentStatus.PUBLISHED})


def actor_and_descendants(actor) -> RawSQL:
    """Ids of an actor and of every actor under it (a militia under the force
    that backs it), for filters that follow the hierarchy."""
    return RawSQL(
        "WITH RECURSIVE tree(id) AS (SELECT %s::bigint UNION "
        "SELECT a.id FROM incidents_actor a JOIN tree t ON a.parent_id = t.id) "
        "SELECT id FROM tree",
        [actor.pk],
    )


class IncidentQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=IncidentStatus.PUBLISHED)

    def visible_to(self, user):
        return self.filter(visible_to(user))


class IncidentType(models.TextChoices):
    AIRSTRIKE = "airstrike", _("airstrike")
    DRONE_STRIKE = "drone_strike", _("drone strike")
    SHELLING_MISSILE_ROCKET = "shelling_missile_rocket", _("shelling, missile or rocket")
    ARMED_CLASH = "armed_clash", _("armed clash")
    EXPLOSION_IED = "explosion_ied", _("explosion or IED")
    GROUND_ATTACK = "ground_attack", _("ground attack")
    CRASH = "crash", _("crash")
    MILITARY_EXERCISE = "military_exercise", _("military exercise")
    TROOP_MOVEMENT = "troop_movement", _("troop movement")
    OTHER = "other", _("other")
    # UCDP GED codes who fought, not how: its events arrive with no type.
    UNSPECIFIED = "unspecified", _("not specified by the source")


# UCDP's type_of_violence: the axis its users count by, kept apart from the type
# of attack. ACLED's event types map onto it too (see incidents/layouts.py).
class IncidentViolenceType(models.TextChoices):
    STATE_BASED = "state_based", _("state-based conflict")
    NON_STATE = "non_state", _("non-state conflict")
    ONE_SIDED = "one_sided", _("one-sided violence against civilians")


class IncidentExternalSource(models.TextChoices):
    UCDP_GED = "ucdp_ged", _("UCDP GED")
    ACLED = "acled", _("ACLED")


class IncidentDatePrecision(models.TextChoices):
    DAY = "day", _("day")
    WEEK = "week", _("week")
    MONTH = "month", _("month")
    YEAR = "year", _("year")


# How closely the place is known, from a point to a whole country (UCDP's
# where_prec and ACLED's geo_precision both map onto these).
class IncidentGeoPrecision(models.TextChoices):
    EXACT = "exact", _("exact location")
    NEAR = "near", _("near the place named")
    ADMIN2 = "admin2", _("somewhere in the district")
    ADMIN1 = "admin1", _("somewhere in the governorate")
    COUNTRY = "country", _("somewhere in the country")


class IncidentStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    IN_REVIEW = "in_review", _("in review")
    PUBLISHED = "published", _("published")
    RETRACTED = "retracted", _("retracted")


@tracked
class Incident(Tracked):
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


class IncidentActorRole(models.TextChoices):
    PERPETRATOR = "perpetrator", _("perpetrator")
    TARGET = "target", _("target")
    # UCDP's side A and side B, ACLED's actor 1 and actor 2 and their associated
    # actors: parties named without saying who attacked whom.
    SIDE_A = "side_a", _("first side")
    SIDE_B = "side_b", _("second side")
    WITH_SIDE_A = "with_side_a", _("with the first side")
    WITH_SIDE_B = "with_side_b", _("with the second side")
    OTHER = "other", _("other")


@tracked
class IncidentActor(Tracked):
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


class RelationKind(models.TextChoices):
    RETALIATION_FOR = "retaliation_for", _("retaliation for")
    PART_OF = "part_of", _("part of")
    SAME_AS = "same_as", _("same as")
    FOLLOWS = "follows", _("follows")


@tracked
class IncidentRelation(Tracked):
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


@tracked
class Citation(Tracked):
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


@dataclass(frozen=True)
class BreakdownTotals:
    """What the lines of a breakdown add up to: ``high`` is None when any line is
    open-ended ("at least three")."""

    low: int
    high: int | None
    lines: int

    @classmethod
    def of(cls, lines) -> "BreakdownTotals":
        lines = list(lines)
        low = sum(line.count_min or 0 for line in lines)
        highs = [line.count_max for line in lines]
        high = None if any(h is None for h in highs) else sum(highs)
        return cls(low=low, high=high, lines=len(lines))

    def describe(self) -> str:
        if self.high == self.low:
            return str(self.low)
        if self.high is None:
            return _("at least %(low)s") % {"low": self.low}
        return _("between %(low)s and %(high)s") % {"low": self.low, "high": self.high}


class CasualtyFigureOutcome(models.TextChoices):
    KILLED = "killed", _("killed")
    INJURED = "injured", _("injured")
    MISSING = "missing", _("missing")
    DETAINED = "detained", _("detained")


@tracked
class CasualtyFigure(Tracked):
    """One figure as a report gives it: "19 killed", "at least 5 injured",
    "between 18 and 23 killed", or "dead and wounded" with no number at all."""

    Outcome = CasualtyFigureOutcome

    incident = models.ForeignKey(
        Incident,
        verbose_name=_("incident"),
        on_delete=models.CASCADE,
        related_name="casualty_figures",
    )
    report = models.ForeignKey(
        Report,
        verbose_name=_("report"),
        on_delete=models.PROTECT,
        related_name="casualty_figures",
        help_text=_("The document in which this figure appears."),
    )
    attributed_to = models.ForeignKey(
        Source,
        verbose_name=_("attributed to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attributed_figures",
        help_text=_(
            "The source the report credits for the figure (e.g. SOHR in a newspaper "
            "article). Leave empty when the report speaks for itself."
        ),
    )
    outcome = models.CharField(_("outcome"), max_length=10, choices=CasualtyFigureOutcome.choices)
    count_min = models.IntegerField(
        _("lowest count"),
        null=True,
        blank=True,
        help_text=_("For one number, enter it here and as the highest count."),
    )
    count_best = models.IntegerField(
        _("best estimate"),
        null=True,
        blank=True,
        help_text=_("Only when the source gives one inside a range."),
    )
    count_max = models.IntegerField(
        _("highest count"),
        null=True,
        blank=True,
        help_text=_(
            "Leave empty for “at least”. Leave all counts empty for a "
            "casualty reported without a number."
        ),
    )
    breakdown_complete = models.BooleanField(
        _("breakdown complete"),
        default=False,
        help_text=_("Tick when the lines below account for every person in the figure."),
    )
    quote = models.TextField(
        _("quote"), help_text=_("The words of the report that give the figure.")
    )
    preferred = models.BooleanField(
        _("preferred"),
        default=False,
        db_default=False,
        help_text=_(
            "The figure that totals count for this outcome, when several reports give "
            "one. By default the most recent report's."
        ),
    )

    class Meta:
        verbose_name = _("casualty figure")
        verbose_name_plural = _("casualty figures")
        ordering = ["incident_id", "outcome", "id"]  # no join, see CasualtyGroup
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome__in=CasualtyFigureOutcome.values),
                name="incidents_figure_outcome_valid",
            ),
            models.CheckConstraint(
                condition=Q(count_min__gte=0) & Q(count_best__gte=0) & Q(count_max__gte=0),
                name="incidents_figure_counts_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(count_min__lte=F("count_best"))
                & Q(count_best__lte=F("count_max"))
                & Q(count_min__lte=F("count_max")),
                name="incidents_figure_counts_ordered",
            ),
            # "up to 20" without a lower bound is not a figure we can sum: a count
            # always starts from its lowest value.
            models.CheckConstraint(
                condition=Q(count_min__isnull=False)
                | Q(count_best__isnull=True, count_max__isnull=True),
                name="incidents_figure_min_when_counted",
            ),
            models.CheckConstraint(
                condition=Q(breakdown_complete=False) | Q(count_min__isnull=False),
                name="incidents_figure_complete_breakdown_counted",
            ),
            models.CheckConstraint(condition=~Q(quote=""), name="incidents_figure_quote_not_empty"),
            # Totals sum the preferred figure of each outcome, so that the dead
            # of one incident are never counted once per report.
            models.UniqueConstraint(
                fields=["incident", "outcome"],
                condition=Q(preferred=True),
                name="incidents_figure_one_preferred_per_outcome",
            ),
        ]

    def __str__(self):
        return f"{self.count_display()} {self.get_outcome_display()}"

    @property
    def target(self) -> int | None:
        """The number a complete breakdown must add up to."""
        return self.count_best if self.count_best is not None else self.count_min

    @property
    def ceiling(self) -> int | None:
        """The most people this figure says there are, or None when open-ended."""
        for value in (self.count_best, self.count_max, self.count_min):
            if value is not None:
                return value
        return None

    def count_display(self) -> str:
        return format_count(self.count_min, self.count_max, self.count_best)

    def clean(self):
        if (
            self.count_min is not None
            and self.count_min == self.count_max
            and self.count_best is None
        ):
            self.count_best = self.count_min
        errors = {}
        for field in ("count_min", "count_best", "count_max"):
            value = getattr(self, field)
            if value is not None and value < 0:
                errors[field] = _("A count cannot be negative (%(value)s).") % {"value": value}
        if errors:
            raise ValidationError(errors)
        if self.count_min is None and (self.count_best is not None or self.count_max is not None):
            errors["count_min"] = _(
                "Give the lowest count as well; for “up to N” enter 0 as the lowest."
            )
        if (
            self.count_min is not None
            and self.count_best is not None
            and (self.count_best < self.count_min)
        ):
            errors["count_best"] = _(
                "The best estimate (%(best)s) is below the lowest count (%(min)s)."
            ) % {"best": self.count_best, "min": self.count_min}
        if self.count_max is not None:
            for field, value, label in (
                ("count_min", self.count_min, _("lowest count")),
                ("count_best", self.count_best, _("best estimate")),
            ):
                if value is not None and value > self.count_max:
                    errors.setdefault(
                        field,
                        _("The %(label)s (%(value)s) is above the highest count (%(max)s).")
                        % {"label": label, "value": value, "max": self.count_max},
                    )
        if self.breakdown_complete and self.count_min is None:
            errors["breakdown_complete"] = _(
                "A figure without a number cannot have a complete breakdown."
            )
        if self.report_id:
            try:
                self.report.check_quote(self.quote)
            except ValidationError as error:
                errors.update(error.message_dict)
        if errors:
            raise ValidationError(errors)

    def check_breakdown(self, lines) -> None:
        """Refuse a breakdown that does not fit this figure.

        A complete breakdown must add up exactly to the figure (its best count
        when it has one); an incomplete one may not count more people than the
        figure does. The same rule is enforced at commit by the database trigger
        ``incidents_check_breakdown``.
        """
        totals = BreakdownTotals.of(lines)
        if self.breakdown_complete:
            target = self.target
            if target is None:
                return  # clean() refuses a complete breakdown of an uncounted figure
            if totals.lines == 0:
                raise ValidationError(
                    _("The breakdown is marked complete but has no lines."), code="breakdown_empty"
                )
            fits = totals.low <= target and (totals.high is None or totals.high >= target)
            if not fits:
                raise ValidationError(
                    _("The breakdown adds up to %(sum)s but the figure says %(target)s.")
                    % {"sum": totals.describe(), "target": target},
                    code="breakdown_sum",
                )
        else:
            ceiling = self.ceiling
            if ceiling is not None and totals.low > ceiling:
                raise ValidationError(
                    ngettext(
                        "The breakdown already counts %(sum)s people but the figure says "
                        "%(ceiling)s person.",
                        "The breakdown already counts %(sum)s people but the figure says "
                        "%(ceiling)s people.",
                        ceiling,
                    )
                    % {"sum": totals.low, "ceiling": ceiling},
                    code="breakdown_exceeds",
                )


def format_count(low: int | None, high: int | None, best: int | None = None) -> str:
    """Render a count the way an editor reads it: 19, 18–23, 18–23 (best 20),
    ≥5, or "no number"."""
    if low is None:
        return str(_("no number"))
    if high is None:
        return f"≥{low}"
    if low == high:
        return str(low)
    if best is not None and best not in (low, high):
        return _("%(low)s–%(high)s (best %(best)s)") % {"low": low, "high": high, "best": best}
    return f"{low}–{high}"


def valid_country_codes(codes) -> None:
    # Case is forgiven here; clean() stores the codes in capitals.
    unknown = [code for code in codes if code.strip().upper() not in countries]
    if unknown:
        raise ValidationError(
            _("%(codes)s: not an ISO 3166 country code.") % {"codes": ", ".join(unknown)},
            code="unknown_country",
        )


class CasualtyGroupNationalityBasis(models.TextChoices):
    STATED = "stated", _("stated by the report")
    INFERRED = "inferred", _("inferred by the editor")
    UNKNOWN = "unknown", _("unknown")


class CasualtyGroupCombatantStatus(models.TextChoices):
    CIVILIAN = "civilian", _("civilian")
    COMBATANT = "combatant", _("combatant")
    CONTRACTOR = "contractor", _("contractor")
    UNKNOWN = "unknown", _("unknown")


class CasualtyGroupSex(models.TextChoices):
    FEMALE = "female", _("female")
    MALE = "male", _("male")
    MIXED = "mixed", _("mixed")
    UNKNOWN = "unknown", _("unknown")


# Airwars and HURIDOCS split victims into children and adults; "elderly" is
# kept apart because reports single it out.
class CasualtyGroupAgeGroup(models.TextChoices):
    CHILD = "child", _("child")
    ADULT = "adult", _("adult")
    ELDERLY = "elderly", _("elderly")
    MIXED = "mixed", _("mixed")
    UNKNOWN = "unknown", _("unknown")


@tracked
class CasualtyGroup(Tracked):
    """One line of a figure's breakdown: "11 Syrians serving in Iran-backed militias"."""

    NationalityBasis = CasualtyGroupNationalityBasis
    CombatantStatus = CasualtyGroupCombatantStatus

    Sex = CasualtyGroupSex
    AgeGroup = CasualtyGroupAgeGroup

    figure = models.ForeignKey(
        CasualtyFigure,
        verbose_name=_("figure"),
        on_delete=models.CASCADE,
        related_name="breakdown",
    )
    count_min = models.IntegerField(_("lowest count"), null=True, blank=True)
    count_max = models.IntegerField(
        _("highest count"),
        null=True,
        blank=True,
        help_text=_("Leave empty for “at least”."),
    )
    nationalities = ArrayField(
        models.CharField(max_length=2),
        verbose_name=_("nationalities"),
        default=list,
        blank=True,
        validators=[valid_country_codes],
        help_text=_(
            "ISO country codes, comma separated: SY, or AF, IQ for “Afghans and "
            "Iraqis”. Empty when the report does not say."
        ),
    )
    nationality_basis = models.CharField(
        _("nationality basis"),
        max_length=10,
        choices=CasualtyGroupNationalityBasis.choices,
        default=NationalityBasis.UNKNOWN,
    )
    excluded_nationality = country_field(
        _("excluded nationality"),
        blank=True,
        help_text=_("For “non-Syrian”: no nationalities above, and Syria here."),
    )
    affiliation = models.ForeignKey(
        Actor,
        verbose_name=_("affiliation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="casualty_groups",
    )
    combatant_status = models.CharField(
        _("combatant status"),
        max_length=12,
        choices=CasualtyGroupCombatantStatus.choices,
        default=CombatantStatus.UNKNOWN,
    )
    sex = models.CharField(
        _("sex"), max_length=10, choices=CasualtyGroupSex.choices, default=Sex.UNKNOWN
    )
    age_group = models.CharField(
        _("age group"),
        max_length=10,
        choices=CasualtyGroupAgeGroup.choices,
        default=AgeGroup.UNKNOWN,
    )

    class Meta:
        verbose_name = _("breakdown line")
        verbose_name_plural = _("breakdown lines")
        # By the column, not the relation: ordering by "figure" would follow the
        # figure's and the incident's own orderings and join both tables into
        # every prefetch of lines (which stalled the UCDP export on PostgreSQL 18).
        ordering = ["figure_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(count_min__gte=0) & Q(count_max__gte=0),
                name="incidents_group_counts_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(count_min__lte=F("count_max")),
                name="incidents_group_counts_ordered",
            ),
            models.CheckConstraint(
                condition=Q(count_min__isnull=False) | Q(count_max__isnull=True),
                name="incidents_group_min_when_counted",
            ),
            models.CheckConstraint(
                condition=Q(nationality_basis__in=CasualtyGroupNationalityBasis.values),
                name="incidents_group_basis_valid",
            ),
            models.CheckConstraint(
                condition=Q(combatant_status__in=CasualtyGroupCombatantStatus.values),
                name="incidents_group_combatant_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(sex__in=CasualtyGroupSex.values), name="incidents_group_sex_valid"
            ),
            models.CheckConstraint(
                condition=Q(age_group__in=CasualtyGroupAgeGroup.values),
                name="incidents_group_age_group_valid",
            ),
            # Every element is two capital letters: '' joins an empty array.
            models.CheckConstraint(
                condition=Regex(
                    Func(
                        F("nationalities"),
                        models.Value(","),
                        function="array_to_string",
                        output_field=models.TextField(),
                    ),
                    r"^([A-Z]{2}(,[A-Z]{2})*)?$",
                ),
                name="incidents_group_nationalities_iso",
            ),
            models.CheckConstraint(
                condition=Q(excluded_nationality="")
                | Q(excluded_nationality__regex=COUNTRY_CODE_PATTERN),
                name="incidents_group_excluded_iso",
            ),
            # Unknown means no country; a stated or inferred nationality names at
            # least one country, or one it is not ("non-Syrian").
            models.CheckConstraint(
                condition=Q(
                    nationality_basis="unknown", nationalities__len=0, excluded_nationality=""
                )
                | (
                    Q(nationality_basis__in=["stated", "inferred"])
                    & (Q(nationalities__len__gt=0) | ~Q(excluded_nationality=""))
                ),
                name="incidents_group_basis_matches_nationalities",
            ),
            models.CheckConstraint(
                condition=Q(excluded_nationality="")
                | ~Q(nationalities__contains=[F("excluded_nationality")]),
                name="incidents_group_excluded_not_included",
            ),
        ]

    def __str__(self):
        who = ", ".join(self.nationalities) or (
            _("not %(country)s") % {"country": self.excluded_nationality}
            if self.excluded_nationality
            else _("nationality unknown")
        )
        return f"{format_count(self.count_min, self.count_max)} ({who})"

    def clean(self):
        errors = {}
        for field in ("count_min", "count_max"):
            value = getattr(self, field)
            if value is not None and value < 0:
                errors[field] = _("A count cannot be negative (%(value)s).") % {"value": value}
        if not errors and self.count_max is not None:
            if self.count_min is None:
                errors["count_min"] = _("Give the lowest count as well.")
            elif self.count_min > self.count_max:
                errors["count_max"] = _(
                    "The highest count (%(max)s) is below the lowest count (%(min)s)."
                ) % {"max": self.count_max, "min": self.count_min}
        nationalities = list(self.nationalities or [])
        self.nationalities = nationalities = [code.strip().upper() for code in nationalities]
        excluded = self.excluded_nationality or ""
        basis = self.nationality_basis
        if basis == self.NationalityBasis.UNKNOWN and (nationalities or excluded):
            errors["nationality_basis"] = _(
                "A nationality is given, so say whether the report states it or you "
                "inferred it. “Unknown” means no country."
            )
        elif basis != self.NationalityBasis.UNKNOWN and not (nationalities or excluded):
            errors["nationalities"] = _(
                "Name the nationality (or the excluded one), or set the basis to unknown."
            )
        if excluded and excluded in nationalities:
            errors["excluded_nationality"] = _("%(code)s cannot be both included and excluded.") % {
                "code": excluded
            }
        if errors:
            raise ValidationError(errors)


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
