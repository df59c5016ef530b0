"""The incidents' API: incidents, casualty rows and totals, the changes feed,
actors and places."""

from incidents.api.casualties import CasualtyRowViewSet, CasualtyStatisticsView
from incidents.api.changes import ChangesView
from incidents.api.incidents import IncidentViewSet
from incidents.api.references import ActorViewSet, PlaceViewSet

__all__ = [
    "ActorViewSet",
    "CasualtyRowViewSet",
    "CasualtyStatisticsView",
    "ChangesView",
    "IncidentViewSet",
    "PlaceViewSet",
]
