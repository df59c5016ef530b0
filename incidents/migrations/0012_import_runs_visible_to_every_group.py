"""Editors, reviewers and viewers may read the list of imports (who imported
which file, when): the history of imported incidents points at it."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    view = Permission.objects.get(content_type__app_label="incidents", codename="view_importrun")
    for group in Group.objects.filter(name__in=["editor", "reviewer", "viewer"]):
        group.permissions.add(view)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(content_type__app_label="incidents", codename="view_importrun").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0011_breakdown_triggers_without_subtransactions"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
