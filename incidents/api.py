from django.db.models import OuterRef, Prefetch, Subquery
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api import csv_response, rows_as_csv, time_parameter, wants_csv
from config.viewsets import CSVListMixin, ServiceModelViewSet
from incidents.exports import LAYOUTS, casualty_csv, casualty_rows, layout_csv, rename
from incidents.filters import CasualtyRowFilter, IncidentFilter
from incidents.history import (
    changes_since,
    describe,
    incident_as_of,
    incident_timeline,
    roles,
    since_publication,
    usernames,
)
from incidents.models import (
    Actor,
    CasualtyFigure,
    CasualtyGroup,
    CasualtyRow,
    Incident,
    IncidentActor,
    IncidentRelation,
    Place,
    visible_to,
)
from incidents.serializers import (
    ActorSerializer,
    CasualtyRowSerializer,
    IncidentSerializer,
    PlaceSerializer,
    TransitionSerializer,
)
from incidents.services import StaleVersion, actor_save, incident_save, place_save
from incidents.statistics import TOTALS, cached_totals, group_columns, parse_group_by
from incidents.workflow import incident_delete, incident_transition


class PreconditionRequired(APIException):
    status_code = 428
    default_detail = (
        "Send If-Match with the incident's ETag (from GET), so that an edit made on "
        "a stale copy is refused rather than overwriting someone else's."
    )


class PreconditionFailed(APIException):
    status_code = 412

    def __init__(self, current_version: int | None):
        if current_version is None:
            super().__init__("If-Match is not an ETag of this incident.")
        else:
            super().__init__(
                f"The incident has changed since you read it (it is now at version "
                f"{current_version}); read it again and reapply your change."
            )


def with_etag(response: Response, incident: Incident) -> Response:
    response["ETag"] = f'"{incident.version}"'
    return response


def version_from_if_match(request) -> int:
    """The version an update was made against, from its If-Match header."""
    header = request.headers.get("If-Match")
    if not header:
        raise PreconditionRequired()
    try:
        return int(header.removeprefix("W/").strip().strip('"'))
    except ValueError:
        raise PreconditionFailed(None) from None


class ActorViewSet(ServiceModelViewSet):
    queryset = Actor.objects.all()
    serializer_class = ActorSerializer
    filterset_fields = ("kind", "parent", "country")
    service = actor_save
    instance_argument = "actor"
    csv_filename = "actors.csv"
    csv_columns = (
        ("id", "id"),
        ("name", "name"),
        ("name_ar", "name_ar"),
        ("kind", "kind"),
        ("parent_id", "parent_id"),
        ("country", "country"),
    )


class PlaceViewSet(ServiceModelViewSet):
    queryset = Place.objects.all()
    serializer_class = PlaceSerializer
    filterset_fields = ("country", "admin1", "admin2")
    service = place_save
    instance_argument = "place"
    csv_filename = "places.csv"
    csv_columns = (
        ("id", "id"),
        ("name", "name"),
        ("name_ar", "name_ar"),
        ("country", "country"),
        ("admin1", "admin1"),
        ("admin2", "admin2"),
        ("latitude", "latitude"),
        ("longitude", "longitude"),
    )


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
                enum=list(LAYOUTS),
                description="CSV in the columns of UCDP GED or ACLED (implies format=csv).",
            )
        ]
    )
    def list(self, request, *args, **kwargs):
        layout = request.query_params.get("layout")
        if layout is None:
            return super().list(request, *args, **kwargs)
        if layout not in LAYOUTS:
            raise ValidationError({"layout": [f"{layout!r} is not one of {', '.join(LAYOUTS)}."]})
        queryset = self.filter_queryset(Incident.objects.visible_to(request.user))
        return csv_response(layout_csv(queryset, LAYOUTS[layout]), f"incidents-{layout}.csv")

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
        # Who may make which move is the workflow's rule (incidents.workflow).
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


class CanReadEverything(permissions.BasePermission):
    """The changes feed shows drafts as they change: viewers, reviewers and
    editors only."""

    def has_permission(self, request, view):
        return bool(request.user and request.user.has_perm("incidents.view_incident"))


class ChangesView(APIView):
    """Every change and deletion after ``since``, oldest first, with each row's
    values after the change (before it, for a deletion), so that a consumer can
    keep a copy in sync: ask again from ``next_since`` until it is null."""

    permission_classes = (CanReadEverything,)

    @extend_schema(
        parameters=[
            OpenApiParameter("since", OpenApiTypes.DATETIME, required=True),
            OpenApiParameter("limit", OpenApiTypes.INT, required=False),
        ],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request):
        since = time_parameter(request, "since")
        try:
            limit = min(int(request.query_params.get("limit", 1000)), 5000)
        except ValueError:
            raise ValidationError({"limit": ["A whole number."]}) from None
        changes, next_since = changes_since(since, limit=max(limit, 1))
        names, acting = usernames(changes), roles(changes)
        return Response(
            {
                "results": [
                    describe(change, names, with_data=True, acting_roles=acting)
                    for change in changes
                ],
                "next_since": next_since,
            }
        )
