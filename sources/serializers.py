from rest_framework import serializers

from sources.models import Report, Source
from sources.services import REPORT_FIELDS, SOURCE_FIELDS


class SourceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = ("id", *SOURCE_FIELDS, "created_at", "updated_at")
        read_only_fields = ("created_at", "updated_at")
        validators = []  # the service validates, with the model's own rules


class ReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = Report
        fields = ("id", *REPORT_FIELDS, "created_at", "updated_at")
        read_only_fields = ("created_at", "updated_at")
        validators = []
