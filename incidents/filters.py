"""Filters, the same on JSON lists, CSV exports and statistics.

Incident filters are written once and reach the incident through ``prefix``:
empty on incidents, ``incident__`` on casualty rows.
"""

import django_filters
from django import forms
from django.db.models import Exists, F, Func, OuterRef, Q, TextField
from django.db.models.lookups import Contains
from django_countries import countries
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from core.api.params import MomentFilter
from core.text import fold
from incidents.models import (
    Actor,
    CasualtyFigure,
    CasualtyGroup,
    CasualtyRow,
    Citation,
    Incident,
    IncidentActor,
    Place,
    actor_and_descendants,
)
from sources.models import Report, Source


class IdField(forms.ModelChoiceField):
    """Looks the row up as a one-row list, not with .get(): several id filters
    on one model (actor, affiliation) are separate look-ups, not the N+1
    pattern the test suite's django-zeal reports for repeated .get() calls."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            found = self.queryset.filter(pk=int(value)).first()
        except (TypeError, ValueError):
            found = None
        if found is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return found


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(django_filters.ModelChoiceFilter):
    """A row chosen by its id; an unknown id is a 400 naming the filter."""

    field_class = IdField


class CountryCodeField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        if value:
            value = value.strip().upper()
            if value not in countries:
                # The value goes in params: django-filter formats every message
                # with them, and a "%" typed by a client must not break that.
                raise forms.ValidationError(
                    "%(value)s is not an ISO 3166 country code.", params={"value": value}
                )
        return value


class CountryCodeFilter(django_filters.CharFilter):
    field_class = CountryCodeField


def folded(path: str) -> Func:
    return Func(F(path), function="incidents_fold", output_field=TextField())


class IncidentFilterMixin(django_filters.FilterSet):
    prefix = ""

    date_from = django_filters.DateFilter(method="filter_date_from", label="ends on or after")
    date_to = django_filters.DateFilter(method="filter_date_to", label="starts on or before")
    incident_type = django_filters.ChoiceFilter(
        choices=Incident.IncidentType.choices, method="filter_incident_field"
    )
    violence_type = django_filters.ChoiceFilter(
        choices=Incident.ViolenceType.choices, method="filter_incident_field"
    )
    status = django_filters.ChoiceFilter(
        choices=Incident.Status.choices, method="filter_incident_field"
    )
    external_source = django_filters.ChoiceFilter(
        choices=Incident.ExternalSource.choices,
        method="filter_incident_field",
        label="imported from (dataset)",
    )
    external_id = django_filters.CharFilter(
        method="filter_incident_field", label="id in that dataset"
    )
    place = IdFilter(queryset=Place.objects.all(), method="filter_incident_field")
    admin1 = django_filters.CharFilter(method="filter_admin1", label="governorate")
    actor = IdFilter(
        queryset=Actor.objects.all(), method="filter_actor", label="actor or any under it"
    )
    actor_role = django_filters.ChoiceFilter(
        choices=IncidentActor.Role.choices, method="filter_actor"
    )
    source = IdFilter(queryset=Source.objects.all(), method="filter_source")
    report = IdFilter(queryset=Report.objects.all(), method="filter_report")
    q = django_filters.CharFilter(method="filter_text", label="text search")
    updated_since = MomentFilter(method="filter_updated_since")

    def _incident(self, **lookups) -> Q:
        return Q(**{f"{self.prefix}{name}": value for name, value in lookups.items()})

    def _incident_ref(self):
        return OuterRef("pk")

    def filter_date_from(self, queryset, name, value):
        return queryset.filter(self._incident(date_end__gte=value))

    def filter_date_to(self, queryset, name, value):
        return queryset.filter(self._incident(date_start__lte=value))

    def filter_incident_field(self, queryset, name, value):
        return queryset.filter(self._incident(**{name: value}))

    def filter_admin1(self, queryset, name, value):
        return queryset.filter(self._incident(place__admin1=value))

    def filter_updated_since(self, queryset, name, value):
        return queryset.filter(self._incident(updated_at__gte=value))

    def filter_actor(self, queryset, name, value):
        # Applied once for actor and actor_role together: the same link.
        if getattr(self, "_actor_applied", False):
            return queryset
        self._actor_applied = True
        links = IncidentActor.objects.filter(incident=self._incident_ref())
        actor = self.form.cleaned_data.get("actor")
        role = self.form.cleaned_data.get("actor_role")
        if actor:
            links = links.filter(actor__in=actor_and_descendants(actor))
        if role:
            links = links.filter(role=role)
        return queryset.filter(Exists(links))

    def filter_source(self, queryset, name, value):
        by_source = Q(report__source=value) | Q(attributed_to=value)
        return queryset.filter(
            Exists(Citation.objects.filter(by_source, incident=self._incident_ref()))
            | Exists(CasualtyFigure.objects.filter(by_source, incident=self._incident_ref()))
        )

    def filter_report(self, queryset, name, value):
        return queryset.filter(
            Exists(Citation.objects.filter(report=value, incident=self._incident_ref()))
            | Exists(CasualtyFigure.objects.filter(report=value, incident=self._incident_ref()))
        )

    def filter_text(self, queryset, name, value):
        """Words in titles, descriptions, places, actors and quotes, matched
        regardless of Arabic diacritics, letter forms and case."""
        term = fold(value)
        if not term:
            return queryset
        incident = self._incident_ref()
        matches = Q()
        for path in ("title", "description", "date_note", "place__name", "place__name_ar"):
            matches |= Q(Contains(folded(f"{self.prefix}{path}"), term))
        for model in (Citation, CasualtyFigure):
            matches |= Q(
                Exists(model.objects.filter(Contains(folded("quote"), term), incident=incident))
            )
        matches |= Q(
            Exists(
                IncidentActor.objects.filter(
                    Q(Contains(folded("actor__name"), term))
                    | Q(Contains(folded("actor__name_ar"), term)),
                    incident=incident,
                )
            )
        )
        return queryset.filter(matches)

    def filter_queryset(self, queryset):
        self._actor_applied = False
        return super().filter_queryset(queryset)


class IncidentFilter(IncidentFilterMixin):
    class Meta:
        model = Incident
        fields = ()


class CasualtyRowFilter(IncidentFilterMixin):
    prefix = "incident__"

    FIGURES = (("preferred", "preferred figures only"), ("all", "every figure"))

    figures = django_filters.ChoiceFilter(
        choices=FIGURES,
        method="filter_figures",
        empty_label=None,
        label="preferred figures only (default), or every report's",
    )
    outcome = django_filters.ChoiceFilter(choices=CasualtyFigure.Outcome.choices)
    nationality = CountryCodeFilter(method="filter_nationality")
    nationality_basis = django_filters.ChoiceFilter(choices=CasualtyGroup.NationalityBasis.choices)
    excluded_nationality = CountryCodeFilter()
    affiliation = IdFilter(
        queryset=Actor.objects.all(),
        method="filter_affiliation",
        label="affiliation or any actor under it",
    )
    combatant_status = django_filters.ChoiceFilter(choices=CasualtyGroup.CombatantStatus.choices)

    class Meta:
        model = CasualtyRow
        fields = ()

    def __init__(self, data=None, *args, **kwargs):
        # Totals count each incident's dead once: preferred figures unless asked.
        if data is not None and not data.get("figures"):
            data = data.copy()
            data["figures"] = "preferred"
        super().__init__(data, *args, **kwargs)

    def _incident_ref(self):
        return OuterRef("incident_id")

    def filter_figures(self, queryset, name, value):
        return queryset.filter(preferred=True) if value == "preferred" else queryset

    def filter_nationality(self, queryset, name, value):
        return queryset.filter(nationalities__contains=[value])

    def filter_affiliation(self, queryset, name, value):
        return queryset.filter(affiliation__in=actor_and_descendants(value))
