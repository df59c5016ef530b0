from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import ServiceSaveAdmin
from sources.models import Report, Source
from sources.services import (
    REPORT_FIELDS,
    SOURCE_FIELDS,
    check_report_text,
    report_save,
    source_save,
)


@admin.register(Source)
class SourceAdmin(ServiceSaveAdmin):
    service = source_save
    service_fields = SOURCE_FIELDS
    instance_argument = "source"
    list_display = ("name", "name_ar", "kind", "country")
    list_filter = ("kind", "country")
    search_fields = ("name", "name_ar", "description")


class ReportForm(forms.ModelForm):
    class Meta:
        model = Report
        fields = REPORT_FIELDS

    def clean_text(self):
        text = self.cleaned_data["text"]
        check_report_text(self.instance, text)
        return text


@admin.register(Report)
class ReportAdmin(ServiceSaveAdmin):
    service = report_save
    service_fields = REPORT_FIELDS
    instance_argument = "report"
    form = ReportForm
    list_display = ("title", "source", "published_on", "language", "has_text")
    list_filter = ("language", "source__kind", ("published_on", admin.DateFieldListFilter))
    list_select_related = ("source",)
    search_fields = ("title", "url", "source__name", "source__name_ar")
    autocomplete_fields = ("source",)
    date_hierarchy = "published_on"

    @admin.display(boolean=True, description=_("text stored"))
    def has_text(self, report):
        return bool(report.text)
