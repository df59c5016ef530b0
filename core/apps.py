from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("accounts and access")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from core import schema  # noqa: F401 - registers the token scheme with drf-spectacular
