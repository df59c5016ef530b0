"""Actors and places through the API."""

from core.api.viewsets import ServiceModelViewSet
from incidents.models import (
    Actor,
    Place,
)
from incidents.serializers import (
    ActorSerializer,
    PlaceSerializer,
)
from incidents.services import actor_save, place_save


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
