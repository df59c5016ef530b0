"""The editor group: enters and edits incidents, sources and reports.

Permissions are created here rather than left to post_migrate, so that the group
is complete as soon as this migration has run.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITABLE_MODELS = {
    "incidents": [
        "actor",
        "place",
        "incident",
        "incidentactor",
        "incidentrelation",
        "citation",
        "casualtyfigure",
        "casualtygroup",
    ],
    "sources": ["source", "report"],
}


def create_editor_group(apps, schema_editor):
    for app_label in EDITABLE_MODELS:
        app_config = apps.get_app_config(app_label)
        # Migration app states have no models module; create_permissions()
        # skips such apps unless told otherwise.
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editor, _ = Group.objects.get_or_create(name="editor")
    for app_label, models in EDITABLE_MODELS.items():
        editor.permissions.add(
            *Permission.objects.filter(
                content_type__app_label=app_label, content_type__model__in=models
            )
        )


def remove_editor_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="editor").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0002_breakdown_check_function"),
        ("sources", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_editor_group, remove_editor_group)]
