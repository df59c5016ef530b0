"""The lines of a figure's breakdown: who the casualties were."""

from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Func, Q
from django.db.models.lookups import Regex
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from core.countries import COUNTRY_CODE_PATTERN, country_field
from core.history import record_history
from core.stamped import Stamped
from incidents.models.choices import (
    CasualtyGroupAgeGroup,
    CasualtyGroupCombatantStatus,
    CasualtyGroupNationalityBasis,
    CasualtyGroupSex,
)
from incidents.models.figures import CasualtyFigure, format_count
from incidents.models.references import Actor


def valid_country_codes(codes) -> None:
    # Case is forgiven here; clean() stores the codes in capitals.
    unknown = [code for code in codes if code.strip().upper() not in countries]
    if unknown:
        raise ValidationError(
            _("%(codes)s: not an ISO 3166 country code.") % {"codes": ", ".join(unknown)},
            code="unknown_country",
        )


@record_history
class CasualtyGroup(Stamped):
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
