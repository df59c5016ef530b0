import django_filters

from core.api.params import MomentFilter
from sources.models import Report, Source


class SourceFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Source.Kind.choices)
    country = django_filters.CharFilter()
    q = django_filters.CharFilter(method="search", label="name contains")

    class Meta:
        model = Source
        fields = ("kind", "country", "q")

    def search(self, queryset, name, value):
        return queryset.filter(name__icontains=value) | queryset.filter(name_ar__icontains=value)


class ReportFilter(django_filters.FilterSet):
    source = django_filters.ModelChoiceFilter(queryset=Source.objects.all())
    language = django_filters.CharFilter()
    published_from = django_filters.DateFilter(field_name="published_on", lookup_expr="gte")
    published_to = django_filters.DateFilter(field_name="published_on", lookup_expr="lte")
    updated_since = MomentFilter(field_name="updated_at", lookup_expr="gte")

    class Meta:
        model = Report
        fields = ("source", "language", "published_from", "published_to", "updated_since")
