"""The audit trail: recorded by the database for every write path."""

from datetime import UTC, datetime

import pghistory
import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from rest_framework.test import APIClient

from incidents.history import changes_since, incident_timeline
from incidents.models import CasualtyFigure, Incident
from incidents.services import incident_save
from tests.api_helpers import make_viewer, token_client
from tests.incidents.test_admin import ADD_URL, add_form


def event_model(model):
    from django.apps import apps

    return apps.get_model(model._meta.app_label, f"{model.__name__}Event")


def last_event(model, **filters):
    return (
        event_model(model)
        .objects.filter(**filters)
        .select_related("pgh_context")
        .order_by("pgh_id")
        .last()
    )


def test_a_service_write_records_the_user_and_the_reason(world, editor):
    with pghistory.context(source="command"):
        incident = world.save(user=editor)

    event = last_event(Incident, pgh_obj_id=incident.pk)
    assert event.pgh_label == "insert"
    assert event.pgh_context.metadata["source"] == "command"
    lines = event_model(CasualtyFigure).objects.filter(incident_id=incident.pk)
    assert lines.count() == 1


def test_an_admin_save_is_recorded_with_its_editor(editor_client, world, editor):
    response = editor_client.post(ADD_URL, add_form(world))
    assert response.status_code == 302

    incident = Incident.objects.get()
    event = last_event(Incident, pgh_obj_id=incident.pk)
    assert event.pgh_context.metadata["user"] == editor.pk
    assert event.pgh_context.metadata["source"] == "admin"
    figure_event = last_event(CasualtyFigure, incident_id=incident.pk)
    assert figure_event.pgh_context_id == event.pgh_context_id  # one change, one context


def test_an_api_change_is_recorded_with_its_reason(world, editor):
    incident = world.save(status="published")
    api = token_client("editor")

    response = api.patch(
        f"/api/incidents/{incident.pk}/",
        {"title": "US strikes near Mayadin"},
        format="json",
        HTTP_X_CHANGE_REASON="Title named the wrong town",
    )

    assert response.status_code == 200
    event = last_event(Incident, pgh_obj_id=incident.pk)
    assert event.pgh_label == "update"
    assert event.title == "US strikes near Mayadin"
    assert {key: event.pgh_context.metadata[key] for key in ("user", "source", "reason")} == {
        "user": editor.pk,
        "source": "api",
        "reason": "Title named the wrong town",
    }


def test_loading_the_fixture_is_recorded_as_a_command(db):
    call_command("load_demo", verbosity=0)

    event = last_event(Incident)
    assert event.pgh_context.metadata["source"] == "command"
    assert event.pgh_context.metadata["command"] == "load_demo"


# The history context lives as long as its transaction: the statement below
# must run in a transaction of its own, as it would from psql.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_raw_sql_update_is_recorded_without_a_user(world):
    incident = world.save()

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE incidents_incident SET title = 'typed in psql' WHERE id = %s", [incident.pk]
        )

    event = last_event(Incident, pgh_obj_id=incident.pk)
    assert (event.pgh_label, event.title, event.pgh_context) == ("update", "typed in psql", None)
    described = APIClient()
    described.force_authenticate(make_viewer())
    timeline = described.get(f"/api/incidents/{incident.pk}/history/").json()["results"]
    typed = [e for e in timeline if e["model"] == "incidents.incident" and e["action"] == "update"]
    assert typed[-1]["source"] == "database"
    assert typed[-1]["user"] is None
    assert typed[-1]["changes"] == {
        "title": ["US airstrikes in the desert of Mayadin and Albukamal", "typed in psql"]
    }


@pytest.mark.parametrize(
    "statement", ["UPDATE {table} SET title = 'forged'", "DELETE FROM {table}"]
)
def test_history_cannot_be_altered(world, statement):
    world.save()
    table = event_model(Incident)._meta.db_table

    with pytest.raises(DatabaseError, match="Cannot update or delete rows"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(statement.format(table=table))


def test_the_timeline_shows_each_field_changed_with_who_and_why(world, editor):
    incident = world.save(user=editor, status="published")
    figure = incident.casualty_figures.get()
    lines = list(figure.breakdown.order_by("id"))
    incident_save(
        user=editor,
        incident=incident,
        reason="SOHR corrected the regime toll",
        data={
            "casualty_figures": [
                {
                    "id": figure.pk,
                    "report": world.report,
                    "outcome": "killed",
                    "count_min": 20,
                    "count_best": 20,
                    "count_max": 20,
                    "breakdown_complete": True,
                    "quote": figure.quote,
                    "breakdown": [
                        {"id": lines[0].pk, **world.lines()[0]},
                        {"id": lines[1].pk, **{**world.lines()[1], "count_min": 4, "count_max": 4}},
                        {"id": lines[2].pk, **world.lines()[2]},
                    ],
                }
            ]
        },
    )

    client = APIClient()
    client.force_authenticate(make_viewer())
    timeline = client.get(f"/api/incidents/{incident.pk}/history/").json()["results"]

    updates = [entry for entry in timeline if entry["action"] == "update"]
    assert [(entry["model"], entry["changes"]) for entry in updates] == [
        (
            "incidents.casualtyfigure",
            {"count_min": [19, 20], "count_best": [19, 20], "count_max": [19, 20]},
        ),
        ("incidents.casualtygroup", {"count_min": [3, 4], "count_max": [3, 4]}),
        ("incidents.incident", {}),
    ]
    assert {entry["reason"] for entry in updates} == {"SOHR corrected the regime toll"}
    assert {entry["user"] for entry in updates} == {"editor"}
    inserts = [entry["model"] for entry in timeline if entry["action"] == "insert"]
    assert sorted(inserts) == sorted(
        [
            "incidents.incident",
            "incidents.incidentactor",
            "incidents.incidentactor",
            "incidents.citation",
            "incidents.casualtyfigure",
        ]
        + ["incidents.casualtygroup"] * 3
    )


# Events carry their transaction's time: these tests commit each change.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_as_of_shows_the_figures_as_they_stood(world, editor):
    incident = world.save(user=editor)
    before = datetime.now(UTC)
    figure = incident.casualty_figures.get()
    incident_save(
        user=editor,
        incident=incident,
        data={
            "casualty_figures": [
                {
                    "id": figure.pk,
                    "report": world.report,
                    "outcome": "killed",
                    "count_min": 19,
                    "count_max": 21,
                    "count_best": 19,
                    "quote": figure.quote,
                    "breakdown_complete": False,
                }
            ]
        },
    )
    client = APIClient()
    client.force_authenticate(make_viewer())

    then = client.get(f"/api/incidents/{incident.pk}/", {"as_of": before.isoformat()}).json()
    now = client.get(f"/api/incidents/{incident.pk}/").json()

    assert then["casualty_figures"][0]["count_max"] == 19
    assert then["casualty_figures"][0]["breakdown_complete"] is True
    assert [line["count_min"] for line in then["casualty_figures"][0]["breakdown"]] == [11, 3, 5]
    assert now["casualty_figures"][0]["count_max"] == 21
    assert client.get(f"/api/incidents/{incident.pk}/", {"as_of": "yesterday"}).status_code == 400
    assert (
        client.get(f"/api/incidents/{incident.pk}/", {"as_of": "2000-01-01T00:00:00Z"}).status_code
        == 404
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_changes_feed_shows_a_deletion_as_the_row_was(world, editor):
    incident = world.save(user=editor)
    since = datetime.now(UTC)
    api = token_client("editor")

    assert api.delete(f"/api/incidents/{incident.pk}/").status_code == 204

    viewer = APIClient()
    viewer.force_authenticate(make_viewer())
    feed = viewer.get("/api/changes/", {"since": since.isoformat()}).json()
    deletions = {(change["model"], change["action"]) for change in feed["results"]}
    assert deletions == {
        ("incidents.incident", "delete"),
        ("incidents.casualtyfigure", "delete"),
        ("incidents.casualtygroup", "delete"),
        ("incidents.citation", "delete"),
        ("incidents.incidentactor", "delete"),
    }
    deleted = next(c for c in feed["results"] if c["model"] == "incidents.incident")
    assert deleted["data"]["title"] == "US airstrikes in the desert of Mayadin and Albukamal"
    assert deleted["user"] == "editor" and deleted["source"] == "api"
    assert feed["next_since"] is None
    # The deleted incident's own timeline still holds it.
    assert incident_timeline(incident.pk)[-1].action == "delete"


def test_the_changes_feed_pages_without_splitting_a_moment(world):
    world.save()
    changes, next_since = changes_since(datetime(2000, 1, 1, tzinfo=UTC), limit=3)

    # Everything here was written in one transaction, so at one time: a page
    # of 3 still holds every change of that moment, and the next starts after.
    assert len(changes) == 15
    assert {change.at for change in changes} == {next_since}


def test_the_changes_feed_is_for_those_who_may_read_drafts(db):
    anonymous = APIClient().get("/api/changes/", {"since": "2020-01-01T00:00:00Z"})
    viewer = APIClient()
    viewer.force_authenticate(make_viewer())

    assert anonymous.status_code == 401
    assert viewer.get("/api/changes/").status_code == 400
    assert viewer.get("/api/changes/", {"since": "2020-01-01T00:00:00Z"}).status_code == 200


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/incidents/{pk}/?as_of=2023-13-45T00:00:00", "as_of"),
        ("/api/incidents/{pk}/?as_of=last+week", "as_of"),
        ("/api/changes/?since=2023-02-30T10:00:00", "since"),
    ],
)
def test_an_impossible_time_is_a_400_naming_the_parameter(world, url, field):
    incident = world.save()
    client = APIClient()
    client.force_authenticate(make_viewer())

    response = client.get(url.format(pk=incident.pk))

    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_a_casualty_row_id_that_is_not_a_number_is_a_404(world):
    world.save()

    assert APIClient().get("/api/casualties/abc/").status_code == 404
