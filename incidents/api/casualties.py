"""Flat casualty rows and their totals."""

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.csv import csv_response, rows_as_csv, wants_csv
from incidents.exports import casualty_csv, casualty_rows, rename
from incidents.filters import CasualtyRowFilter
from incidents.models import (
    CasualtyRow,
    visible_to,
)
from incidents.serializers import (
    CasualtyRowSerializer,
)
from incidents.statistics import TOTALS, cached_totals, group_columns, parse_group_by


class CasualtyRowViewSet(viewsets.ReadOnlyModelViewSet):
    """One row per breakdown line, and one for what an incomplete breakdown
    leaves out, with its figure, incident and provenance. By default only the
    preferred figure of each incident and outcome (``figures=all`` for every
    report's), so that rows can be summed."""

    filterset_class = CasualtyRowFilter
    serializer_class = CasualtyRowSerializer
    lookup_value_regex = r"\d+"  # row ids are numbers; anything else is a 404
    # Read-only: what each user sees is decided by get_queryset().
    permission_classes = (permissions.AllowAny,)

    def get_queryset(self):
        return CasualtyRow.objects.filter(visible_to(self.request.user, "incident__"))

    def list(self, request, *args, **kwargs):
        rows = self.filter_queryset(self.get_queryset())
        if wants_csv(request):
            return csv_response(casualty_csv(rows), "casualties.csv")
        page = self.paginate_queryset(casualty_rows(rows))
        return self.get_paginated_response([rename(row) for row in page])

    def retrieve(self, request, *args, **kwargs):
        row = casualty_rows(self.get_queryset().filter(pk=kwargs["pk"])).first()
        if row is None:
            raise Http404
        return Response(rename(row))


class CasualtyStatisticsView(APIView):
    """Totals of preferred figures: ``group_by`` any of outcome, nationality,
    affiliation, combatant_status, month, admin1, incident_type; the filters of
    /api/casualties/ apply."""

    filterset_class = CasualtyRowFilter
    permission_classes = (permissions.AllowAny,)

    @extend_schema(
        parameters=[OpenApiParameter("group_by", OpenApiTypes.STR, required=False)],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request):
        group_by = parse_group_by(request.query_params.get("group_by"))
        rows = CasualtyRow.objects.filter(visible_to(request.user, "incident__"))
        filterset = CasualtyRowFilter(request.query_params, queryset=rows, request=request)
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        key = {
            "filters": {
                name: request.query_params.getlist(name)
                for name in sorted(CasualtyRowFilter.base_filters)
                if name in request.query_params
            },
            "sees_drafts": request.user.has_perm("incidents.view_incident"),
        }
        results = cached_totals(filterset.qs, group_by, key=key)
        if wants_csv(request):
            header = group_columns(group_by) + list(TOTALS)
            lines = ([result[column] for column in header] for result in results)
            return csv_response(rows_as_csv(header, lines), "casualty-statistics.csv")
        return Response({"group_by": group_by, "results": results})
