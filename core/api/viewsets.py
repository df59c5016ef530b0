"""Viewsets whose writes go through a service and whose lists also answer CSV."""

from rest_framework import viewsets

from core.api.csv import csv_response, rows_as_csv, wants_csv
from core.writes import reference_delete


class CSVListMixin:
    """``?format=csv`` on the list streams every filtered row (no pages) with
    the fixed ``csv_columns`` (header, ORM path)."""

    csv_columns: tuple[tuple[str, str], ...] = ()
    csv_filename = "export.csv"

    def csv_queryset(self, queryset):
        return queryset

    def list(self, request, *args, **kwargs):
        if not wants_csv(request):
            return super().list(request, *args, **kwargs)
        queryset = self.csv_queryset(self.filter_queryset(self.get_queryset())).order_by("id")
        rows = queryset.values_list(*(path for _header, path in self.csv_columns))
        header = [header for header, _path in self.csv_columns]
        return csv_response(rows_as_csv(header, rows.iterator(chunk_size=2000)), self.csv_filename)


class ServiceModelViewSet(CSVListMixin, viewsets.ModelViewSet):
    """``service(user=..., data=..., <instance_argument>=...)`` does every write."""

    service = None
    instance_argument = ""

    def perform_create(self, serializer):
        serializer.instance = type(self).service(
            user=self.request.user, data=serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = type(self).service(
            user=self.request.user,
            data=serializer.validated_data,
            **{self.instance_argument: serializer.instance},
        )

    def perform_destroy(self, instance):
        reference_delete(
            user=self.request.user,
            instance=instance,
            reason=self.request.headers.get("X-Change-Reason", ""),
        )
