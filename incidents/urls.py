from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from config.auth import ObtainTokenView, RevokeAllTokensView, RevokeTokenView
from incidents.api import (
    ActorViewSet,
    CasualtyRowViewSet,
    CasualtyStatisticsView,
    ChangesView,
    IncidentViewSet,
    PlaceViewSet,
)
from sources.api import ReportViewSet, SourceViewSet

router = DefaultRouter()
router.register("incidents", IncidentViewSet, basename="incident")
router.register("casualties", CasualtyRowViewSet, basename="casualty")
router.register("sources", SourceViewSet)
router.register("reports", ReportViewSet)
router.register("actors", ActorViewSet)
router.register("places", PlaceViewSet)

urlpatterns = [
    path("", include(router.urls)),
    path("changes/", ChangesView.as_view(), name="changes"),
    path("stats/casualties/", CasualtyStatisticsView.as_view(), name="casualty-statistics"),
    path("auth/token/", ObtainTokenView.as_view(), name="token"),
    path("auth/logout/", RevokeTokenView.as_view(), name="token-revoke"),
    path("auth/logoutall/", RevokeAllTokensView.as_view(), name="token-revoke-all"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="docs"),
]
