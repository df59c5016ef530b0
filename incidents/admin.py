import nested_admin
from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Max, Min, OuterRef, Q, Subquery
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from config.admin import (
    TEXT_FIELDS_FOLLOW_THEIR_SCRIPT,
    LargeTablePaginator,
    ServiceSaveAdmin,
    adopt_saved,
)
from incidents.history import (
    changes_after_version,
    describe,
    incident_timeline,
    summarise,
    usernames,
)
from incidents.importing import ImportFailed, import_file
from incidents.management.commands.create_editor import manage_py
from incidents.models import (
    Actor,
    CasualtyFigure,
    CasualtyGroup,
    Citation,
    ImportRun,
    Incident,
    IncidentActor,
    IncidentRelation,
    Place,
    format_count,
)
from incidents.services import (
    ACTOR_FIELDS,
    ACTOR_LINK_FIELDS,
    CITATION_FIELDS,
    FIGURE_FIELDS,
    GROUP_FIELDS,
    INCIDENT_FIELDS,
    PLACE_FIELDS,
    RELATION_FIELDS,
    StaleVersion,
    actor_save,
    incident_save,
    place_save,
)
from incidents.workflow import check_transition, incident_delete, incident_transition


@admin.register(Actor)
class ActorAdmin(ServiceSaveAdmin):
    service = actor_save
    service_fields = ACTOR_FIELDS
    instance_argument = "actor"
    list_display = ("name", "name_ar", "kind", "parent", "country")
    list_filter = ("kind", "country")
    list_select_related = ("parent",)
    search_fields = ("name", "name_ar")
    autocomplete_fields = ("parent",)


@admin.register(Place)
class PlaceAdmin(ServiceSaveAdmin):
    service = place_save
    service_fields = PLACE_FIELDS
    instance_argument = "place"
    list_display = ("name", "name_ar", "admin1", "admin2", "country", "latitude", "longitude")
    list_filter = ("country", "admin1")
    search_fields = ("name", "name_ar", "admin1", "admin2")


class CasualtyGroupInline(nested_admin.NestedTabularInline):
    formfield_overrides = TEXT_FIELDS_FOLLOW_THEIR_SCRIPT
    model = CasualtyGroup
    fields = GROUP_FIELDS
    autocomplete_fields = ("affiliation",)
    extra = 0


class CasualtyFigureInline(nested_admin.NestedStackedInline):
    formfield_overrides = TEXT_FIELDS_FOLLOW_THEIR_SCRIPT
    model = CasualtyFigure
    fields = (
        ("outcome", "count_min", "count_best", "count_max", "breakdown_complete", "preferred"),
        ("report", "attributed_to"),
        "quote",
    )
    autocomplete_fields = ("report", "attributed_to")
    inlines = (CasualtyGroupInline,)
    extra = 0


class IncidentActorInline(nested_admin.NestedTabularInline):
    formfield_overrides = TEXT_FIELDS_FOLLOW_THEIR_SCRIPT
    model = IncidentActor
    fields = ACTOR_LINK_FIELDS
    autocomplete_fields = ("actor",)
    extra = 0


class CitationInline(nested_admin.NestedStackedInline):
    formfield_overrides = TEXT_FIELDS_FOLLOW_THEIR_SCRIPT
    model = Citation
    fields = (("report", "attributed_to"), "quote")
    autocomplete_fields = ("report", "attributed_to")
    extra = 0


class IncidentRelationInline(nested_admin.NestedTabularInline):
    formfield_overrides = TEXT_FIELDS_FOLLOW_THEIR_SCRIPT
    model = IncidentRelation
    fk_name = "from_incident"
    fields = RELATION_FIELDS
    autocomplete_fields = ("to_incident",)
    extra = 0


def _outcome_range(outcome: str) -> dict:
    """Subqueries for the lowest and highest count any report gives for an
    outcome, so that the list shows "18–23" without a join per page row."""
    figures = CasualtyFigure.objects.filter(incident=OuterRef("pk"), outcome=outcome)

    def aggregate(expression):
        return Subquery(
            figures.order_by().values("incident").annotate(value=expression).values("value")
        )

    return {
        f"{outcome}_low": aggregate(Min("count_min")),
        # An "at least" figure leaves the top of the range open.
        f"{outcome}_high": aggregate(Max("count_max")),
        f"{outcome}_open": aggregate(
            Count("id", filter=Q(count_min__isnull=False, count_max__isnull=True))
        ),
        f"{outcome}_reported": aggregate(Count("id")),
    }


def _range_display(incident, outcome: str) -> str:
    if not getattr(incident, f"{outcome}_reported"):
        return "—"
    low = getattr(incident, f"{outcome}_low")
    high = None if getattr(incident, f"{outcome}_open") else getattr(incident, f"{outcome}_high")
    return format_count(low, high)


class IncidentForm(forms.ModelForm):
    change_reason = forms.CharField(
        label=_("Reason for the change"),
        required=False,
        widget=forms.TextInput(attrs={"dir": "auto", "class": "vLargeTextField"}),
        help_text=_("Required to change a published incident; kept in its history."),
    )

    transition = forms.ChoiceField(
        label=_("Move to"),
        required=False,
        choices=[
            ("", "—"),
            (Incident.Status.IN_REVIEW, _("submit for review")),
            (Incident.Status.DRAFT, _("return to draft")),
            (Incident.Status.PUBLISHED, _("publish")),
            (Incident.Status.RETRACTED, _("retract")),
        ],
        help_text=_("Publishing takes a reviewer who neither created nor last edited it."),
    )

    version_read = forms.IntegerField(widget=forms.HiddenInput, required=False)

    acting_user = request = None  # set by IncidentAdmin.get_form()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version_read"].initial = self.instance.version
        if self.request is not None:
            self.request.incident_form = self  # for IncidentWrite

    class Meta:
        model = Incident
        fields = tuple(name for name in INCIDENT_FIELDS if name != "status")

    def clean(self):
        # The version read and the reason a published incident's change needs
        # are checked by incident_save() under the row's lock (IncidentWrite);
        # here only what the form alone can tell.
        cleaned = super().clean()
        stored = Incident.objects.filter(pk=self.instance.pk).first()
        reason = cleaned.get("change_reason", "").strip()
        edited = set(self.changed_data) - {"transition", "change_reason", "version_read"}
        if cleaned.get("transition") == Incident.Status.PUBLISHED and stored and edited:
            self.add_error(
                "transition",
                _(
                    "Publishing with edits would make you its last editor: save the edits, "
                    "then let another reviewer publish."
                ),
            )
        elif cleaned.get("transition"):
            try:
                check_transition(
                    user=self.acting_user,
                    incident=stored or Incident(),
                    to_status=cleaned["transition"],
                    note=reason,
                )
            except ValidationError as error:
                self.add_service_errors(error)
        return cleaned

    def add_service_errors(self, error: ValidationError) -> None:
        for field, messages in error.message_dict.items():
            target = {"note": "change_reason", "status": "transition"}.get(field, field)
            for message in messages:
                self.add_error(target if target in self.fields else None, message)

    def refuse_stale_page(self, read: int, current: int) -> None:
        """Another editor saved since this page was opened: refuse, say what
        they changed, keep what this editor typed, and let the next save
        (made knowingly) go through."""
        meanwhile = summarise(changes_after_version(self.instance.pk, read))
        self.add_error(
            None,
            _(
                "Someone saved this incident while you were editing it (you opened version "
                "%(read)s; it is now at %(current)s). Changed meanwhile: %(meanwhile)s. Your "
                "input is kept below: check it against theirs, then save again."
            )
            % {"read": read, "current": current, "meanwhile": meanwhile or "—"},
        )
        self.data = self.data.copy()
        self.data[self.add_prefix("version_read")] = str(current)


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
class IncidentAdmin(nested_admin.NestedModelAdmin):
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
        return (
            super()
            .get_queryset(request)
            .annotate(
                **_outcome_range(CasualtyFigure.Outcome.KILLED),
                **_outcome_range(CasualtyFigure.Outcome.INJURED),
            )
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

    def get_urls(self):
        view = self.admin_site.admin_view(self.import_view)
        return [
            path("import/", view, name="incidents_incident_import"),
            *super().get_urls(),
        ]

    def import_view(self, request):
        """Import a UCDP GED or ACLED file: a dry run first, shown row by row;
        then the real run, which writes all of it or nothing."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        may_publish = request.user.has_perm("incidents.review_incident")
        form = ImportForm(request.POST or None, request.FILES or None, may_publish=may_publish)
        summary = None
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                summary = import_file(
                    upload.file,
                    layout=form.cleaned_data["layout"],
                    file_name=upload.name,
                    user=request.user,
                    dry_run=form.cleaned_data["dry_run"],
                    status=form.cleaned_data["status"],
                )
            except ImportFailed as error:
                form.add_error("file", str(error))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import a UCDP GED or ACLED file"),
            "opts": self.opts,
            "form": form,
            "summary": summary,
            "shown": _outcomes_to_show(summary),
        }
        return TemplateResponse(request, "admin/incidents/incident/import.html", context)

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


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV file"))
    layout = forms.ChoiceField(label=_("layout"), choices=Incident.ExternalSource.choices)
    dry_run = forms.BooleanField(
        label=_("dry run"),
        required=False,
        initial=True,
        help_text=_("Check every row and show what would happen, without writing anything."),
    )
    status = forms.ChoiceField(label=_("status of new incidents"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.ADMIN_IMPORT_MAX_BYTES
        if upload.size > limit:
            command = "import_ucdp" if self.data.get("layout") != "acled" else "import_acled"
            raise forms.ValidationError(
                _(
                    "This file is %(size).1f MB; the admin imports files of up to %(limit).0f MB "
                    "while you wait. Import it with the command instead: %(command)s"
                )
                % {
                    "size": upload.size / 1e6,
                    "limit": limit / 1e6,
                    "command": f"{manage_py()} {command} {upload.name}",
                }
            )
        return upload

    def __init__(self, *args, may_publish: bool, **kwargs):
        super().__init__(*args, **kwargs)
        # Publishing is a reviewer's decision, here as in the workflow.
        choices = [(Incident.Status.DRAFT, Incident.Status.DRAFT.label)]
        if may_publish:
            choices.insert(0, (Incident.Status.PUBLISHED, Incident.Status.PUBLISHED.label))
        self.fields["status"].choices = choices


IMPORT_ROWS_SHOWN = 500


def _outcomes_to_show(summary):
    """Refused and updated rows first (they need reading), then the rest, up
    to a page that a browser still renders quickly."""
    if summary is None:
        return []
    order = {"refused": 0, "updated": 1, "created": 2, "unchanged": 3}
    ranked = sorted(summary.outcomes, key=lambda outcome: (order[outcome.action], outcome.line))
    return [
        {"outcome": outcome, "label": IMPORT_ACTIONS[outcome.action]}
        for outcome in ranked[:IMPORT_ROWS_SHOWN]
    ]


IMPORT_ACTIONS = {
    "created": _("created"),
    "updated": _("updated"),
    "unchanged": _("unchanged"),
    "refused": _("refused"),
}


class IncidentWrite:
    """The last formset the admin validates: it writes the incident with
    everything nested in it through ``incident_save`` (and moves it along the
    workflow when asked), in a savepoint, once the page's forms are valid.

    Writing while validating lets every rule of the service stand beside the
    field it concerns, as the page's own errors do: the breakdown sums, quotes,
    the reason a published incident's change needs (only when something
    changed), and the version the page was opened at, checked under the row's
    lock. A refused write leaves nothing behind and the page keeps the input.
    """

    is_nested = True  # not one of the incident's inlines

    def __init__(self, *, request, formsets):
        self.request = request
        self.formsets = formsets
        self._valid = None
        self._savepoint = None
        request.incident_write = self

    # What the admin and nested_admin read of a formset.
    errors: list = []
    forms: list = []

    def non_form_errors(self):
        return []

    def has_changed(self) -> bool:
        return False

    def undo(self) -> None:
        """Roll the write back: nested_admin validates the page a second time,
        and the page may yet be refused after this wrote (the admin renders
        it again, with its errors, instead of redirecting)."""
        if self._savepoint is not None:
            transaction.savepoint_rollback(self._savepoint)
            self._savepoint = None
            form = self.request.incident_form
            if form.instance._adding_before_write:
                form.instance.pk = None
                form.instance._state.adding = True

    def is_valid(self) -> bool:
        if self._valid is None:
            self._valid = self._write()
        return self._valid

    def _write(self) -> bool:
        form = self.request.incident_form
        if not form.is_valid() or not all(formset.is_valid() for formset in self.formsets):
            return False
        data = {
            name: form.cleaned_data[name] for name in INCIDENT_FIELDS if name in form.cleaned_data
        }
        places = {"": form}  # payload path -> the form or formset it came from
        for formset in self.formsets:
            if getattr(formset, "is_nested", False):
                continue
            key, fields = _FORMSET_PAYLOAD[formset.model]
            places[key] = formset
            data[key] = [
                _item(child, fields, f"{key}[{index}]", places)
                for index, child in enumerate(_kept_forms(formset))
            ]
        stored = Incident.objects.filter(pk=form.instance.pk).first()
        reason = form.cleaned_data.get("change_reason", "")
        transition = form.cleaned_data.get("transition")
        savepoint = transaction.savepoint()
        try:
            with transaction.atomic():
                saved = incident_save(
                    user=self.request.user,
                    data=data,
                    incident=stored,
                    reason=reason,
                    expected_version=form.cleaned_data.get("version_read") if stored else None,
                )
                if transition:
                    saved = incident_transition(
                        user=self.request.user,
                        incident=saved,
                        to_status=transition,
                        note=reason,
                        expected_version=saved.version,
                    )
        except StaleVersion as stale:
            transaction.savepoint_rollback(savepoint)
            form.refuse_stale_page(stale.expected, stale.current)
            return False
        except ValidationError as error:
            transaction.savepoint_rollback(savepoint)
            _place_errors(error, places)
            return False
        self._savepoint = savepoint
        form.instance._adding_before_write = form.instance._state.adding
        adopt_saved(form.instance, saved)
        return True


def _place_errors(error: ValidationError, places: dict) -> None:
    """Put each of the service's messages where it belongs on the page: the
    longest known prefix of its path (``casualty_figures[0].breakdown[2]``)
    names the form or formset, the rest the field."""
    for error_path, texts in error.message_dict.items():
        prefix, field = error_path, ""
        while prefix not in places:
            prefix, _, rest = prefix.rpartition(".")
            field = f"{rest}.{field}" if field else rest
        target = places[prefix]
        field = field.split("[")[0]
        for message in texts:
            if hasattr(target, "non_form_errors"):
                target.non_form_errors().append(message)
            elif prefix == "":
                target.add_service_errors(ValidationError({field or NON_FIELD_ERRORS: [message]}))
            else:
                target.add_error(field if field in target.fields else None, message)


_FORMSET_PAYLOAD = {
    IncidentActor: ("actors", ACTOR_LINK_FIELDS),
    Citation: ("citations", CITATION_FIELDS),
    IncidentRelation: ("relations", RELATION_FIELDS),
    CasualtyFigure: ("casualty_figures", FIGURE_FIELDS),
}


def _kept_forms(formset):
    initial = formset.initial_form_count()
    for index, form in enumerate(formset.forms):
        if not hasattr(form, "cleaned_data") or formset._should_delete_form(form):
            continue
        if index >= initial and not form.has_changed():
            continue
        yield form


def _item(form, fields, path: str, places: dict) -> dict:
    """One inline form as an item of the service's payload; ``places`` learns
    which form stands at ``path`` and which formset holds its nested lines,
    so that errors can be put back on the page."""
    places[path] = form
    item = {name: form.cleaned_data.get(name) for name in fields if name in form.cleaned_data}
    item["id"] = form.instance.pk if form.instance._state.adding is False else None
    for nested in getattr(form, "nested_formsets", []):
        if nested.model is CasualtyGroup:
            places[f"{path}.breakdown"] = nested
            item["breakdown"] = [
                _item(line, GROUP_FIELDS, f"{path}.breakdown[{index}]", places)
                for index, line in enumerate(_kept_forms(nested))
            ]
    return item


def _field_label(model, attname: str) -> str:
    for field in model._meta.concrete_fields:
        if field.attname == attname:
            return field.verbose_name
    return attname


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    """What was imported, from which file, by whom: read only, since the
    incidents' history points at these rows."""

    list_display = ("started_at", "layout", "file_name", "user", "rows", "created", "updated")
    list_filter = ("layout",)
    list_select_related = ("user",)
    search_fields = ("file_name", "file_sha256")
    date_hierarchy = "started_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
