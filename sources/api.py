from core.api.viewsets import ServiceModelViewSet
from sources.filters import ReportFilter, SourceFilter
from sources.models import Report, Source
from sources.serializers import ReportSerializer, SourceSerializer
from sources.services import report_save, source_save


class SourceViewSet(ServiceModelViewSet):
    queryset = Source.objects.all()
    serializer_class = SourceSerializer
    filterset_class = SourceFilter
    service = source_save
    instance_argument = "source"
    csv_filename = "sources.csv"
    csv_columns = (
        ("id", "id"),
        ("name", "name"),
        ("name_ar", "name_ar"),
        ("kind", "kind"),
        ("url", "url"),
        ("country", "country"),
        ("description", "description"),
    )


class ReportViewSet(ServiceModelViewSet):
    queryset = Report.objects.all()
    serializer_class = ReportSerializer
    filterset_class = ReportFilter
    service = report_save
    instance_argument = "report"
    csv_filename = "reports.csv"
    csv_columns = (
        ("id", "id"),
        ("source_id", "source_id"),
        ("source", "source__name"),
        ("title", "title"),
        ("url", "url"),
        ("published_on", "published_on"),
        ("language", "language"),
        ("archive_url", "archive_url"),
        ("retrieved_at", "retrieved_at"),
    )
