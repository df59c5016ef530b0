"""Incidents through the API: one document each, written through the services,
read with an ETag, moved along the workflow, read as they stood at a moment."""

from django.db.models import OuterRef, Prefetch, Subquery
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from core.api.csv import csv_response
from core.api.params import time_parameter
from core.api.preconditions import PreconditionFailed, version_from_if_match, with_etag
from core.api.viewsets import CSVListMixin
from incidents.exports import layout_csv
from incidents.filters import IncidentFilter
from incidents.history import (
    describe,
    incident_as_of,
    incident_timeline,
    roles,
    since_publication,
    usernames,
)
from incidents.imports.layouts import BY_SHORT_NAME
from incidents.models import (
    CasualtyFigure,
    CasualtyGroup,
    Incident,
    IncidentActor,
    IncidentRelation,
    visible_to,
)
from incidents.serializers import (
    IncidentSerializer,
    TransitionSerializer,
)
from incidents.services import StaleVersion, incident_save
from incidents.services.workflow import incident_delete, incident_transition


def _preferred(outcome: str, field: str) -> Subquery:
    return Subquery(
        CasualtyFigure.objects.filter(
            incident=OuterRef("pk"), outcome=outcome, preferred=True
        ).values(field)[:1]
    )


@extend_schema(
    parameters=[
        OpenApiParameter(
            "X-Change-Reason",
            OpenApiTypes.STR,
            OpenApiParameter.HEADER,
            required=False,
            description="Why the change is made (recorded with it).",
        )
    ]
)
class IncidentViewSet(CSVListMixin, viewsets.ModelViewSet):
    """Incidents with their actors, citations, casualty figures (each with its
    breakdown) and links, read and written as one document."""

    serializer_class = IncidentSerializer
    filterset_class = IncidentFilter
    # Writes that need If-Match with the version read (428, 412).
    guarded_by_version = ("update", "partial_update", "transition")
    csv_filename = "incidents.csv"
    csv_columns = (
        ("id", "id"),
        ("title", "title"),
        ("incident_type", "incident_type"),
        ("status", "status"),
        ("date_start", "date_start"),
        ("date_end", "date_end"),
        ("date_precision", "date_precision"),
        ("year_inferred", "year_inferred"),
        ("date_note", "date_note"),
        ("place", "place__name"),
        ("admin1", "place__admin1"),
        ("admin2", "place__admin2"),
        ("country", "place__country"),
        ("latitude", "place__latitude"),
        ("longitude", "place__longitude"),
        ("geo_precision", "geo_precision"),
        ("killed_min", "killed_min"),
        ("killed_best", "killed_best"),
        ("killed_max", "killed_max"),
        ("injured_min", "injured_min"),
        ("injured_best", "injured_best"),
        ("injured_max", "injured_max"),
        ("updated_at", "updated_at"),
    )

    def get_queryset(self):
        return (
            Incident.objects.visible_to(self.request.user)
            .select_related("place", "created_by", "updated_by")
            .prefetch_related(
                Prefetch("actor_links", IncidentActor.objects.order_by("id")),
                Prefetch("citations", queryset=self._ordered("citations")),
                Prefetch(
                    "casualty_figures",
                    queryset=CasualtyFigure.objects.order_by("id").prefetch_related(
                        Prefetch("breakdown", CasualtyGroup.objects.order_by("id"))
                    ),
                ),
                # A link to an incident the reader may not see would reveal it.
                Prefetch(
                    "relations_out",
                    queryset=IncidentRelation.objects.filter(
                        visible_to(self.request.user, "to_incident__")
                    ).order_by("id"),
                ),
            )
        )

    def sees_everything(self) -> bool:
        return self.request.user.has_perm("incidents.view_incident")

    @staticmethod
    def _ordered(relation: str):
        return Incident._meta.get_field(relation).related_model.objects.order_by("id")

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "layout",
                str,
                enum=list(BY_SHORT_NAME),
                description="CSV in the columns of UCDP GED or ACLED (implies format=csv).",
            )
        ]
    )
    def list(self, request, *args, **kwargs):
        layout = request.query_params.get("layout")
        if layout is None:
            return super().list(request, *args, **kwargs)
        if layout not in BY_SHORT_NAME:
            choices = ", ".join(BY_SHORT_NAME)
            raise ValidationError({"layout": [f"{layout!r} is not one of {choices}."]})
        queryset = self.filter_queryset(Incident.objects.visible_to(request.user))
        return csv_response(layout_csv(queryset, BY_SHORT_NAME[layout]), f"incidents-{layout}.csv")

    def csv_queryset(self, queryset):
        annotations = {}
        for outcome in ("killed", "injured"):
            for bound in ("min", "best", "max"):
                annotations[f"{outcome}_{bound}"] = _preferred(outcome, f"count_{bound}")
        return queryset.prefetch_related(None).annotate(**annotations)

    def _write(self, request, incident, partial, status_code):
        expected_version = None if incident is None else version_from_if_match(request)
        serializer = self.get_serializer(incident, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        reason = serializer.validated_data.get("change_reason") or request.headers.get(
            "X-Change-Reason", ""
        )
        try:
            saved = incident_save(
                user=request.user,
                data=serializer.to_service_payload(),
                incident=incident,
                reason=reason,
                expected_version=expected_version,
            )
        except StaleVersion as stale:
            raise PreconditionFailed(stale.current) from stale
        fresh = self.get_queryset().get(pk=saved.pk)
        return with_etag(Response(self.get_serializer(fresh).data, status=status_code), fresh)

    def create(self, request, *args, **kwargs):
        return self._write(request, None, False, status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "as_of",
                OpenApiTypes.DATETIME,
                required=False,
                description="Show the incident and its figures as they stood at this time.",
            )
        ]
    )
    def retrieve(self, request, *args, **kwargs):
        if "as_of" not in request.query_params:
            incident = self.get_object()
            return with_etag(Response(self.get_serializer(incident).data), incident)
        moment = time_parameter(request, "as_of")
        then = incident_as_of(self.get_object().pk, moment)
        if then is None:
            raise Http404("The incident was not yet recorded at that time.")
        if not self.sees_everything():
            # The public sees an incident only as it stood while published.
            if then.status != Incident.Status.PUBLISHED:
                raise Http404("The incident was not published at that time.")
            links = then._prefetched_objects_cache["relations_out"]
            published = set(
                Incident.objects.published()
                .filter(pk__in=[link.to_incident_id for link in links])
                .values_list("pk", flat=True)
            )
            links._result_cache = [link for link in links if link.to_incident_id in published]
        return Response(self.get_serializer(then).data)

    @extend_schema(request=TransitionSerializer, responses=IncidentSerializer)
    @action(
        detail=True,
        methods=["post"],
        url_path="status",
        # Who may make which move is the workflow's rule (incidents.services.workflow).
        permission_classes=[permissions.IsAuthenticated],
    )
    def transition(self, request, pk=None):
        """Move the incident along draft -> in_review -> published -> retracted
        (or back from review to draft); publishing needs a reviewer other than
        its creator and last editor, retracting needs a note."""
        incident = self.get_object()
        expected_version = version_from_if_match(request)
        serializer = TransitionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            incident_transition(
                user=request.user,
                incident=incident,
                to_status=serializer.validated_data["status"],
                note=serializer.validated_data["note"],
                expected_version=expected_version,
            )
        except StaleVersion as stale:
            raise PreconditionFailed(stale.current) from stale
        fresh = self.get_queryset().get(pk=incident.pk)
        return with_etag(Response(self.get_serializer(fresh).data), fresh)

    def perform_destroy(self, instance):
        incident_delete(
            user=self.request.user,
            incident=instance,
            reason=self.request.headers.get("X-Change-Reason", ""),
        )

    @extend_schema(responses=OpenApiTypes.OBJECT)
    @action(detail=True)
    def history(self, request, pk=None):
        """Every recorded change of the incident and of what it holds, oldest
        first: the fields changed (old and new values), who, through what
        (admin, api, command, or database for direct SQL) and why."""
        changes = incident_timeline(self.get_object().pk)
        if self.sees_everything():
            names = usernames(changes)
        else:
            # The public sees the published record only, and roles, not people.
            changes, names = since_publication(changes), {}
        acting = roles(changes)
        return Response(
            {"results": [describe(c, names, with_data=False, acting_roles=acting) for c in changes]}
        )

    def update(self, request, *args, partial=False, **kwargs):
        return self._write(request, self.get_object(), partial, status.HTTP_200_OK)
