"""The incident list and page, and the incident's history."""

import nested_admin
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from core.admin import (
    TEXT_FIELDS_FOLLOW_THEIR_SCRIPT,
    LargeTablePaginator,
)
from incidents.admin.forms import IncidentForm
from incidents.admin.imports import ImportPage
from incidents.admin.inlines import (
    CasualtyFigureInline,
    CitationInline,
    IncidentActorInline,
    IncidentRelationInline,
)
from incidents.admin.writes import IncidentWrite
from incidents.history import (
    describe,
    incident_timeline,
    usernames,
)
from incidents.models import (
    CasualtyFigure,
    Citation,
    Incident,
    Place,
    format_count,
)
from incidents.models.figures import casualty_totals
from incidents.services.workflow import incident_delete


def _range_display(incident, outcome: str) -> str:
    """The range all reports give, as the API's casualty_totals computes it."""
    if not hasattr(incident, "_casualty_totals"):
        incident._casualty_totals = casualty_totals(incident.casualty_figures.all())
    entry = incident._casualty_totals.get(outcome)
    if entry is None:
        return "—"
    return format_count(entry["range_low"], entry["range_high"])


class GovernorateFilter(admin.SimpleListFilter):
    title = _("governorate")
    parameter_name = "governorate"

    def lookups(self, request, model_admin):
        # From the places, a few thousand rows, not from a million incidents.
        names = Place.objects.exclude(admin1="").order_by("admin1").values_list("admin1", flat=True)
        return [(name, name) for name in names.distinct()]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(place__admin1=self.value())
        return queryset


@admin.register(Incident)
class IncidentAdmin(ImportPage, nested_admin.NestedModelAdmin):
    formfield_overrides = TEXT_FIELDS_FOLLOW_THEIR_SCRIPT
    form = IncidentForm
    fieldsets = (
        (None, {"fields": ("title", ("incident_type", "violence_type"), "description")}),
        (
            _("When"),
            {
                "fields": (
                    ("date_start", "date_end", "date_precision"),
                    "date_note",
                    "year_inferred",
                )
            },
        ),
        (_("Where"), {"fields": (("place", "geo_precision"),)}),
        (_("Review"), {"fields": ("status", "transition", "change_reason", "version_read")}),
        (_("Imported from"), {"fields": (("external_source", "external_id"),)}),
    )
    readonly_fields = ("status", "external_source", "external_id")
    inlines = (
        IncidentActorInline,
        CitationInline,
        CasualtyFigureInline,
        IncidentRelationInline,
    )
    list_display = (
        "title",
        "date_start",
        "incident_type",
        "place",
        "governorate",
        "killed",
        "injured",
        "status",
    )
    list_filter = (
        "status",
        "incident_type",
        "violence_type",
        "external_source",
        GovernorateFilter,
        ("date_start", admin.DateFieldListFilter),
    )
    # A national archive holds a million incidents: no full COUNT(*) per page
    # load, and no date hierarchy (it reads every row's date to draw itself).
    paginator = LargeTablePaginator
    show_full_result_count = False
    SEARCH_MATCHES_PER_FIELD = 1000
    list_select_related = ("place",)
    search_fields = ("title", "place__name", "place__name_ar", "citations__quote", "=external_id")
    autocomplete_fields = ("place",)

    def get_search_results(self, request, queryset, search_term):
        """Each field searched on its own, through its own index (trigram
        indexes on titles and quotes, migration 0013), the newest
        ``SEARCH_MATCHES_PER_FIELD`` matches of each, then joined: one OR across
        four tables reads every row, and a common word ("Government") matches
        most of a million titles. An editor narrows a search rather than
        paging through thousands of results."""
        term = search_term.strip()
        if not term:
            return queryset, False
        cap = self.SEARCH_MATCHES_PER_FIELD
        newest = ("-date_start", "-id")
        # A few thousand places: read their ids first, so that the planner
        # knows how many incidents to expect instead of guessing.
        places = list(
            Place.objects.filter(Q(name__icontains=term) | Q(name_ar__icontains=term)).values_list(
                "id", flat=True
            )[:cap]
        )
        branches = [
            Incident.objects.filter(title__icontains=term).order_by(*newest).values("id")[:cap],
            Citation.objects.filter(quote__icontains=term)
            .order_by("-incident__date_start", "-incident_id")
            .values("incident_id")[:cap],
            Incident.objects.filter(place_id__in=places).order_by(*newest).values("id")[:cap],
            Incident.objects.filter(external_id=term).values("id"),
        ]
        matches = branches[0].union(*branches[1:])
        return queryset.filter(pk__in=matches), False

    def get_queryset(self, request):
        # The figures of the page's incidents only, in one query.
        figures = CasualtyFigure.objects.only(
            "id", "incident_id", "outcome", "count_min", "count_best", "count_max", "preferred"
        )
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("casualty_figures", queryset=figures))
        )

    @admin.display(description=_("governorate"), ordering="place__admin1")
    def governorate(self, incident):
        return incident.place.admin1

    @admin.display(description=_("killed"))
    def killed(self, incident):
        return _range_display(incident, CasualtyFigure.Outcome.KILLED)

    @admin.display(description=_("injured"))
    def injured(self, incident):
        return _range_display(incident, CasualtyFigure.Outcome.INJURED)

    def construct_change_message(self, request, form, formsets, add=False):
        # The formsets were not saved by the admin but by incident_save(), so
        # they hold no record of what changed; the audit history does.
        return super().construct_change_message(request, form, None, add)

    def _create_formsets(self, request, obj, change):
        formsets, inline_instances = super()._create_formsets(request, obj, change)
        if request.method == "POST":
            # Last, so that it runs once every form and formset is valid; it has
            # no inline of its own, so the page never renders it.
            formsets.append(IncidentWrite(request=request, formsets=list(formsets)))
        return formsets, inline_instances

    def save_model(self, request, obj, form, change):
        pass  # written by IncidentWrite while the page was validated

    def render_change_form(self, request, context, *args, **kwargs):
        # Rendering after a POST means the page was refused after all.
        write = getattr(request, "incident_write", None)
        if write is not None:
            write.undo()
        return super().render_change_form(request, context, *args, **kwargs)

    def save_related(self, request, form, formsets, change):
        pass  # likewise

    def history_view(self, request, object_id, extra_context=None):
        """One timeline for the incident and everything nested in it, from the
        history that the database triggers record (not Django's admin log,
        which misses every change made elsewhere)."""
        incident = self.get_object(request, object_id)
        if incident is None or not self.has_view_or_change_permission(request, incident):
            raise PermissionDenied
        changes = incident_timeline(incident.pk)
        names = usernames(changes)
        actions = {"insert": _("added"), "update": _("changed"), "delete": _("deleted")}
        timeline = []
        for change in changes:
            described = describe(change, names, with_data=False)
            described["what"] = change.model._meta.verbose_name
            described["action_label"] = actions.get(change.action, change.action)
            described["changes"] = [
                (str(_field_label(change.model, name)), values)
                for name, values in described["changes"].items()
            ]
            timeline.append(described)
        context = {
            **self.admin_site.each_context(request),
            "title": _("History: %(incident)s") % {"incident": incident},
            "object": incident,
            "opts": self.opts,
            "timeline": timeline,
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/incidents/incident/history.html", context)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.acting_user = request.user
        form.request = request
        return form

    def has_delete_permission(self, request, obj=None):
        # Published incidents are retracted, never deleted.
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or obj.status == Incident.Status.DRAFT)

    def delete_model(self, request, obj):
        incident_delete(user=request.user, incident=obj)

    def delete_queryset(self, request, queryset):
        kept = queryset.exclude(status=Incident.Status.DRAFT).count()
        for incident in queryset.filter(status=Incident.Status.DRAFT):
            incident_delete(user=request.user, incident=incident)
        if kept:
            self.message_user(
                request,
                _("%(count)s incidents past the draft stage were kept: retract them instead.")
                % {"count": kept},
                level="warning",
            )


def _field_label(model, attname: str) -> str:
    for field in model._meta.concrete_fields:
        if field.attname == attname:
            return field.verbose_name
    return attname
