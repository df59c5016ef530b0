"""Importing dataset files from the admin, and the record of each import."""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from core.commands import manage_py
from incidents.imports import ImportFailed, import_file
from incidents.models import (
    ImportRun,
    Incident,
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


class ImportPage:
    """The import page, reached from the incidents' admin."""

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
