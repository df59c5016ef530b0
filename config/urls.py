from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

handler500 = "core.handlers.server_error"

# /admin/ is English and /ar/admin/ Arabic: the language is in the address, so a
# link an editor shares opens in the language it was copied from.
urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("nested_admin/", include("nested_admin.urls")),
    path("api/", include("core.api.urls")),
    path("api/", include("sources.urls")),
    path("api/", include("incidents.urls")),
    path("", RedirectView.as_view(url="/admin/", permanent=False)),
]
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)
