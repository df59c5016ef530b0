"""Shapes of the API. Serializers only parse and present: every rule is applied
by ``incidents.services.incident_save``, the same as for the admin."""

from django.db import models
from rest_framework import serializers

from incidents.models import (
    Actor,
    CasualtyFigure,
    CasualtyGroup,
    Citation,
    Incident,
    IncidentActor,
    IncidentRelation,
    Place,
)
from incidents.models.figures import casualty_totals
from incidents.services import (
    ACTOR_FIELDS,
    ACTOR_LINK_FIELDS,
    CITATION_FIELDS,
    FIGURE_FIELDS,
    GROUP_FIELDS,
    INCIDENT_FIELDS,
    PLACE_FIELDS,
    RELATION_FIELDS,
)


class ActorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Actor
        fields = ("id", *ACTOR_FIELDS, "created_at", "updated_at")
        read_only_fields = ("created_at", "updated_at")
        validators = []


class PlaceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Place
        fields = ("id", *PLACE_FIELDS, "created_at", "updated_at")
        read_only_fields = ("created_at", "updated_at")
        validators = []


class NestedRowSerializer(serializers.ModelSerializer):
    """A row inside an incident: ``id`` says which stored row it updates."""

    id = serializers.IntegerField(required=False)


class BreakdownLineSerializer(NestedRowSerializer):
    nationalities = serializers.ListField(
        child=serializers.CharField(max_length=2), required=False, allow_empty=True
    )

    class Meta:
        model = CasualtyGroup
        fields = ("id", *GROUP_FIELDS)
        validators = []


# Bounds on what one request may hold: far above any real report (a breakdown
# by nationality rarely passes fifty lines), far below what would keep a
# worker busy past its timeout (every row is validated).
MAX_BREAKDOWN_LINES = 500
MAX_NESTED_ROWS = 200


class CasualtyFigureSerializer(NestedRowSerializer):
    breakdown = BreakdownLineSerializer(many=True, required=False, max_length=MAX_BREAKDOWN_LINES)

    class Meta:
        model = CasualtyFigure
        fields = ("id", *FIGURE_FIELDS, "breakdown")
        validators = []


class ActorLinkSerializer(NestedRowSerializer):
    class Meta:
        model = IncidentActor
        fields = ("id", *ACTOR_LINK_FIELDS)
        validators = []


class CitationSerializer(NestedRowSerializer):
    class Meta:
        model = Citation
        fields = ("id", *CITATION_FIELDS)
        validators = []


class RelationSerializer(NestedRowSerializer):
    class Meta:
        model = IncidentRelation
        fields = ("id", *RELATION_FIELDS)
        validators = []


class IncidentSerializer(serializers.ModelSerializer):
    actors = ActorLinkSerializer(
        many=True, required=False, source="actor_links", max_length=MAX_NESTED_ROWS
    )
    citations = CitationSerializer(many=True, required=False, max_length=MAX_NESTED_ROWS)
    casualty_figures = CasualtyFigureSerializer(
        many=True, required=False, max_length=MAX_NESTED_ROWS
    )
    relations = RelationSerializer(
        many=True, required=False, source="relations_out", max_length=MAX_NESTED_ROWS
    )
    casualty_totals = serializers.SerializerMethodField()
    # Null for the public, who see roles in the history but not people; null
    # too for rows written by a command or an import without a user.
    created_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )
    updated_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )
    # "" for an incident entered here rather than imported.
    external_source = serializers.ChoiceField(
        choices=Incident.ExternalSource.choices, allow_blank=True, read_only=True
    )
    change_reason = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        help_text="Why the change is made; required to change a published incident "
        "(or send the X-Change-Reason header).",
    )

    class Meta:
        model = Incident
        fields = (
            "id",
            *INCIDENT_FIELDS,
            "actors",
            "citations",
            "casualty_figures",
            "relations",
            "casualty_totals",
            "external_source",
            "external_id",
            "version",
            "created_at",
            "created_by",
            "updated_at",
            "updated_by",
            "change_reason",
        )
        # The status moves through POST /api/incidents/{id}/status/ only.
        read_only_fields = (
            "created_at",
            "updated_at",
            "status",
            "version",
            "external_source",
            "external_id",
        )
        extra_kwargs = {"date_end": {"required": False, "allow_null": True}}
        validators = []

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is not None and not request.user.has_perm("incidents.view_incident"):
            data["created_by"] = data["updated_by"] = None
        return data

    def get_casualty_totals(self, incident) -> dict:
        """Per outcome: the preferred figure, and the low-high range that all
        reports together give (from the prefetched figures, no query)."""
        return casualty_totals(incident.casualty_figures.all())

    def to_service_payload(self) -> dict:
        """The validated data in the shape ``incident_save`` takes."""
        data = dict(self.validated_data)
        data.pop("change_reason", None)
        if "actor_links" in data:
            data["actors"] = data.pop("actor_links")
        if "relations_out" in data:
            data["relations"] = data.pop("relations_out")
        return data


def _casualty_row_field(path: str) -> serializers.Field:
    """The serializer field of a flat casualty column, from the model field at
    the end of its ORM path (documents the columns in the OpenAPI schema)."""
    from incidents.models import CasualtyRow

    model = CasualtyRow
    *relations, last = path.split("__")
    for name in relations:
        model = model._meta.get_field(name).related_model
    field = model._meta.get_field(last)
    if field.is_relation:
        return serializers.IntegerField(read_only=True, allow_null=True)
    if last == "nationalities":
        return serializers.ListField(child=serializers.CharField(), read_only=True)
    if isinstance(field, models.URLField):
        # Empty when the report has no address: not a URI.
        return serializers.CharField(read_only=True, allow_null=True)
    if isinstance(field, models.DecimalField):
        return serializers.DecimalField(
            max_digits=field.max_digits,
            decimal_places=field.decimal_places,
            read_only=True,
            allow_null=True,
        )
    mapping = serializers.ModelSerializer.serializer_field_mapping
    field_class = next(mapping[klass] for klass in type(field).__mro__ if klass in mapping)
    if field_class is serializers.BooleanField:
        return field_class(read_only=True)
    return field_class(read_only=True, allow_null=True)


def _casualty_row_serializer():
    from incidents.exports import CASUALTY_COLUMNS

    fields = {name: _casualty_row_field(path) for name, path, _text in CASUALTY_COLUMNS}
    return type("CasualtyRowSerializer", (serializers.Serializer,), fields)


CasualtyRowSerializer = _casualty_row_serializer()


class TransitionSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Incident.Status.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")
