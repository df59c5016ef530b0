"""The roles are defined once (core/roles.py) and their groups follow it."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

EDITED = [
    "actor",
    "place",
    "incident",
    "incidentactor",
    "incidentrelation",
    "citation",
    "casualtyfigure",
    "casualtygroup",
    "source",
    "report",
]
RECORDED = EDITED  # every edited model keeps its history in <model>event
READ_ALL = (
    {f"view_{model}" for model in EDITED}
    | {f"view_{model}event" for model in RECORDED}
    | {"view_importrun", "view_casualtyrow"}
)


def codenames(group: str) -> set[str]:
    return set(Group.objects.get(name=group).permissions.values_list("codename", flat=True))


def test_each_role_holds_exactly_its_permissions(db):
    assert codenames("editor") == {
        f"{action}_{model}" for action in ("add", "change", "delete", "view") for model in EDITED
    } | {"view_importrun"}
    assert codenames("reviewer") == READ_ALL | {"review_incident", "change_incident"}
    assert codenames("viewer") == READ_ALL


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_groups_come_back_after_a_flush_and_lose_what_was_added_by_hand():
    Group.objects.get(name="viewer").permissions.add(Permission.objects.get(codename="add_source"))

    call_command("flush", interactive=False, verbosity=0)

    assert sorted(Group.objects.values_list("name", flat=True)) == ["editor", "reviewer", "viewer"]
    assert codenames("viewer") == READ_ALL
