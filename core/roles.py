"""The three roles and what each may do, defined here once and applied to their
groups after every ``migrate`` (and every ``flush``), so that the groups always
say what this file says.

- editor: enters and edits incidents, sources and reports, and reads the imports;
- reviewer: reads everything, edits incidents, and verifies, publishes and
  retracts them (never one they created or last edited);
- viewer: reads everything, drafts included, and writes nothing.
"""

from django.contrib.auth.management import create_permissions

# The models an editor adds, changes and deletes.
EDITED = {
    "incidents": (
        "actor",
        "place",
        "incident",
        "incidentactor",
        "incidentrelation",
        "citation",
        "casualtyfigure",
        "casualtygroup",
    ),
    "sources": ("source", "report"),
}
# Every model of these apps, history included, is readable by reviewers and viewers.
READ_APPS = ("incidents", "sources")


def role_permissions(Permission) -> dict[str, set[int]]:
    """Permission ids of each role."""
    edit = set()
    for app_label, models in EDITED.items():
        edit |= set(
            Permission.objects.filter(
                content_type__app_label=app_label,
                content_type__model__in=models,
                codename__regex=r"^(add|change|delete|view)_",
            ).values_list("id", flat=True)
        )
    read_all = set(
        Permission.objects.filter(
            content_type__app_label__in=READ_APPS, codename__startswith="view_"
        ).values_list("id", flat=True)
    )
    read_imports = set(
        Permission.objects.filter(
            content_type__app_label="incidents", codename="view_importrun"
        ).values_list("id", flat=True)
    )
    review = set(
        Permission.objects.filter(
            content_type__app_label="incidents",
            codename__in=["review_incident", "change_incident"],
        ).values_list("id", flat=True)
    )
    return {
        "editor": edit | read_imports,
        "reviewer": read_all | review,
        "viewer": read_all,
    }


def sync_roles(*, verbosity: int = 0) -> None:
    """Make each role's group hold exactly its permissions (creating the
    permissions first: Django creates them app by app, and the roles span apps)."""
    from django.apps import apps
    from django.contrib.auth.models import Group, Permission

    for app_label in READ_APPS:
        create_permissions(apps.get_app_config(app_label), verbosity=verbosity)
    for name, permission_ids in role_permissions(Permission).items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set(permission_ids)


def sync_roles_after_migrate(sender, *, verbosity=0, **kwargs):
    sync_roles(verbosity=verbosity)
