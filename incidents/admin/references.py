"""Actors and places in the admin."""

from django.contrib import admin

from core.admin import (
    ServiceSaveAdmin,
)
from incidents.models import (
    Actor,
    Place,
)
from incidents.services import (
    ACTOR_FIELDS,
    PLACE_FIELDS,
    actor_save,
    place_save,
)


@admin.register(Actor)
class ActorAdmin(ServiceSaveAdmin):
    service = actor_save
    service_fields = ACTOR_FIELDS
    instance_argument = "actor"
    list_display = ("name", "name_ar", "kind", "parent", "country")
    list_filter = ("kind", "country")
    list_select_related = ("parent",)
    search_fields = ("name", "name_ar")
    autocomplete_fields = ("parent",)


@admin.register(Place)
class PlaceAdmin(ServiceSaveAdmin):
    service = place_save
    service_fields = PLACE_FIELDS
    instance_argument = "place"
    list_display = ("name", "name_ar", "admin1", "admin2", "country", "latitude", "longitude")
    list_filter = ("country", "admin1")
    search_fields = ("name", "name_ar", "admin1", "admin2")
