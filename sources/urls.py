"""The sources' part of the API."""

from rest_framework.routers import SimpleRouter

from sources.api import ReportViewSet, SourceViewSet

router = SimpleRouter()
router.register("sources", SourceViewSet)
router.register("reports", ReportViewSet)

urlpatterns = router.urls
