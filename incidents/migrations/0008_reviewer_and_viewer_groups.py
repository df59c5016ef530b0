"""The reviewer and viewer groups, beside the editor group of 0003.

- editor: enters and edits incidents, sources and reports (0003);
- reviewer: reads everything, edits incidents, and verifies, publishes and
  retracts them (never one they created or last edited);
- viewer: reads everything, drafts included, and writes nothing.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

APPS = ("incidents", "sources")


def create_groups(apps, schema_editor):
    for app_label in APPS:
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True  # see 0003
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    view_all = Permission.objects.filter(
        content_type__app_label__in=APPS, codename__startswith="view_"
    )
    viewer, _ = Group.objects.get_or_create(name="viewer")
    viewer.permissions.add(*view_all)
    reviewer, _ = Group.objects.get_or_create(name="reviewer")
    reviewer.permissions.add(
        *view_all,
        *Permission.objects.filter(
            content_type__app_label="incidents",
            codename__in=["review_incident", "change_incident"],
        ),
    )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["viewer", "reviewer"]).delete()


class Migration(migrations.Migration):
    dependencies = [("incidents", "0007_review_permission"), ("sources", "0002_audit_history")]

    operations = [migrations.RunPython(create_groups, remove_groups)]
