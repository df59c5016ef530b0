"""The admin site, and what every app's admin shares: saves go through the services."""

from django import forms
from django.contrib import admin
from django.core.paginator import Paginator
from django.db import connection, models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from core.writes import reference_delete


class RecordsAdminSite(admin.AdminSite):
    site_header = _("Incident and casualty records")
    site_title = _("Incident and casualty records")
    index_title = _("Records")


# Editors type Arabic into an English page and English into an Arabic one:
# dir="auto" lets each field follow the script of its own text.
TEXT_FIELDS_FOLLOW_THEIR_SCRIPT = {
    models.CharField: {"widget": forms.TextInput(attrs={"dir": "auto", "class": "vTextField"})},
    models.TextField: {"widget": forms.Textarea(attrs={"dir": "auto", "class": "vLargeTextField"})},
}


class ServiceSaveAdmin(admin.ModelAdmin):
    """Route the admin's save through ``service(user=..., data=..., <name>=...)``.

    The service receives a row freshly read from the database (or none, for an
    addition), so it sees what actually changed; the admin's own object then
    takes the saved primary key for its messages and redirects.
    """

    formfield_overrides = TEXT_FIELDS_FOLLOW_THEIR_SCRIPT
    service = None
    service_fields: tuple[str, ...] = ()
    instance_argument = ""

    def save_model(self, request, obj, form, change):
        stored = type(obj).objects.get(pk=obj.pk) if change else None
        data = {
            name: form.cleaned_data[name]
            for name in self.service_fields
            if name in form.cleaned_data
        }
        saved = type(self).service(user=request.user, data=data, **{self.instance_argument: stored})
        adopt_saved(obj, saved)

    def delete_model(self, request, obj):
        reference_delete(user=request.user, instance=obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            reference_delete(user=request.user, instance=obj)


def adopt_saved(obj, saved) -> None:
    """Make the admin's in-memory object the row the service saved."""
    obj.pk = saved.pk
    obj._state.adding = False
    obj._state.db = saved._state.db
    for field in saved._meta.concrete_fields:
        setattr(obj, field.attname, getattr(saved, field.attname))


class LargeTablePaginator(Paginator):
    """Pages of a list with a million rows without counting them all on every
    page load: the unfiltered list takes PostgreSQL's estimate of the table's
    size (kept by ANALYZE and autovacuum), a filtered or searched one counts up
    to ``COUNT_CAP`` matches and stops there."""

    COUNT_CAP = 10_000
    ESTIMATE_ABOVE = 100_000

    @cached_property
    def count(self) -> int:
        queryset = self.object_list
        if not queryset.query.where:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
                    [queryset.model._meta.db_table],
                )
                estimate = cursor.fetchone()[0]
            if estimate > self.ESTIMATE_ABOVE:
                return estimate
        return queryset.order_by()[: self.COUNT_CAP].count()
