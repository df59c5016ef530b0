"""Writes to the actors and places that incidents refer to."""

from core.writes import reference_save
from incidents.models import Actor, Place

ACTOR_FIELDS = ("name", "name_ar", "kind", "parent", "country")
PLACE_FIELDS = ("name", "name_ar", "country", "admin1", "admin2", "latitude", "longitude")


def actor_save(*, user, data, actor: Actor | None = None) -> Actor:
    return reference_save(user=user, instance=actor or Actor(), data=data, fields=ACTOR_FIELDS)


def place_save(*, user, data, place: Place | None = None) -> Place:
    return reference_save(user=user, instance=place or Place(), data=data, fields=PLACE_FIELDS)
