"""The incidents' part of the API."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from incidents.api import (
    ActorViewSet,
    CasualtyRowViewSet,
    CasualtyStatisticsView,
    ChangesView,
    IncidentViewSet,
    PlaceViewSet,
)

router = SimpleRouter()
router.register("incidents", IncidentViewSet, basename="incident")
router.register("casualties", CasualtyRowViewSet, basename="casualty")
router.register("actors", ActorViewSet)
router.register("places", PlaceViewSet)

urlpatterns = [
    path("", include(router.urls)),
    path("changes/", ChangesView.as_view(), name="changes"),
    path("stats/casualties/", CasualtyStatisticsView.as_view(), name="casualty-statistics"),
]
