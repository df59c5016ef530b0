from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    default = True
    name = "core"
    verbose_name = _("accounts and access")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate

        from core.api import schema  # noqa: F401 - registers the token scheme with drf-spectacular
        from core.roles import sync_roles_after_migrate

        # After every app's migrations and permissions: the roles' groups.
        post_migrate.connect(sync_roles_after_migrate, sender=self)


class RecordsAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with this project's site (titles and all) as the default."""

    default = False
    default_site = "core.admin.RecordsAdminSite"
