"""draft -> in_review -> published -> retracted, with four eyes."""

import pytest
from rest_framework.test import APIClient

from incidents.models import Incident
from tests.api_helpers import make_viewer, token_client
from tests.factories import make_user


@pytest.fixture
def people(db):
    make_user("editor")
    make_user("reviewer", group="reviewer")
    make_user("second_reviewer", group="reviewer")
    return {name: token_client(name) for name in ("editor", "reviewer", "second_reviewer")}


@pytest.fixture
def draft(world, people):
    """A draft entered by the editor through the API."""
    from incidents.models import Incident as Model

    response = people["editor"].post("/api/incidents/", _payload(world), format="json")
    assert response.status_code == 201, response.json()
    return Model.objects.get(pk=response.json()["id"])


def _payload(world):
    from tests.incidents.test_api import _api_payload

    return _api_payload(world)


def move(client, incident, status, note=""):
    return client.post(
        f"/api/incidents/{incident.pk}/status/", {"status": status, "note": note}, format="json"
    )


def test_a_draft_is_submitted_by_its_editor_and_published_by_a_reviewer(draft, people):
    assert move(people["editor"], draft, "in_review").status_code == 200
    published = move(people["reviewer"], draft, "published")

    assert published.status_code == 200
    assert published.json()["status"] == "published"
    assert published.json()["updated_by"] == "editor"  # the reviewer edited nothing


def test_an_editor_cannot_publish(draft, people):
    move(people["editor"], draft, "in_review")

    response = move(people["editor"], draft, "published")

    assert response.status_code == 400
    assert response.json() == {"status": ["Only a reviewer can do this."]}


def test_four_eyes_a_reviewer_cannot_publish_what_they_last_edited(draft, people):
    move(people["editor"], draft, "in_review")
    edited = people["reviewer"].patch(
        f"/api/incidents/{draft.pk}/", {"title": "Strikes on the Mayadin desert"}, format="json"
    )
    assert edited.status_code == 200

    refused = move(people["reviewer"], draft, "published")
    allowed = move(people["second_reviewer"], draft, "published")

    assert refused.status_code == 400
    assert refused.json() == {
        "status": [
            "Four eyes: another reviewer must publish an incident you created or last edited."
        ]
    }
    assert allowed.status_code == 200


def test_publishing_needs_a_citation(draft, people):
    people["editor"].patch(f"/api/incidents/{draft.pk}/", {"citations": []}, format="json")
    move(people["editor"], draft, "in_review")

    response = move(people["reviewer"], draft, "published")

    assert response.status_code == 400
    assert response.json() == {"status": ["Cite at least one report before publishing."]}
    assert Incident.objects.get(pk=draft.pk).status == "in_review"


def test_a_published_incident_is_retracted_with_a_reason_never_deleted(draft, people):
    move(people["editor"], draft, "in_review")
    move(people["reviewer"], draft, "published")

    assert people["editor"].delete(f"/api/incidents/{draft.pk}/").status_code == 400
    without_note = move(people["reviewer"], draft, "retracted")
    retracted = move(people["reviewer"], draft, "retracted", note="SOHR withdrew the figure")

    assert without_note.json() == {"note": ["Say why the incident is retracted."]}
    assert retracted.json()["status"] == "retracted"
    viewer = APIClient()
    viewer.force_authenticate(make_viewer())
    timeline = viewer.get(f"/api/incidents/{draft.pk}/history/").json()["results"]
    status_changes = [
        (e["changes"].get("status"), e["user"], e["reason"])
        for e in timeline
        if e["model"] == "incidents.incident"
        and "status" in e["changes"]
        and e["action"] == "update"
    ]
    assert status_changes == [
        (["draft", "in_review"], "editor", "draft to in_review"),
        (["in_review", "published"], "reviewer", "in_review to published"),
        (["published", "retracted"], "reviewer", "SOHR withdrew the figure"),
    ]


def test_the_status_cannot_be_written_around_the_workflow(draft, people):
    response = people["editor"].patch(
        f"/api/incidents/{draft.pk}/", {"status": "published"}, format="json"
    )

    assert response.status_code == 200  # status is read-only in the API: ignored
    assert Incident.objects.get(pk=draft.pk).status == "draft"


def test_there_is_no_way_back_from_retracted(draft, people):
    Incident.objects.filter(pk=draft.pk).update(status="retracted")

    response = move(people["reviewer"], draft, "published")

    assert response.json() == {"status": ["An incident cannot go from retracted to published."]}


def test_the_groups_exist_with_their_permissions(db):
    from django.contrib.auth.models import Group

    perms = {
        group.name: set(group.permissions.values_list("codename", flat=True))
        for group in Group.objects.all()
    }

    assert {"add_incident", "change_incident", "delete_incident"} <= perms["editor"]
    assert "review_incident" not in perms["editor"]
    assert {"review_incident", "view_incident", "view_report"} <= perms["reviewer"]
    assert "add_incident" not in perms["reviewer"]
    assert {p for p in perms["viewer"] if not p.startswith("view_")} == set()


def test_a_status_move_without_if_match_gets_428_and_moves_nothing(draft, people):
    response = APIClient.post(
        people["editor"], f"/api/incidents/{draft.pk}/status/", {"status": "in_review"}
    )

    assert response.status_code == 428
    assert response.json() == {
        "detail": "Send If-Match with the incident's ETag (from GET), so that an edit made on a "
        "stale copy is refused rather than overwriting someone else's."
    }
    assert Incident.objects.get(pk=draft.pk).status == "draft"


def test_a_reviewer_cannot_publish_a_figure_changed_after_they_read_it(draft, people):
    move(people["editor"], draft, "in_review")
    url = f"/api/incidents/{draft.pk}/"
    read_by_reviewer = people["reviewer"].get(url)
    figure = read_by_reviewer.json()["casualty_figures"][0]
    # Meanwhile the editor raises the toll.
    changed = people["editor"].patch(
        url,
        {
            "casualty_figures": [
                {
                    **figure,
                    "count_min": 23,
                    "count_best": 23,
                    "count_max": 23,
                    "breakdown_complete": False,
                    "breakdown": [],
                }
            ]
        },
        format="json",
    )
    assert changed.status_code == 200, changed.json()

    response = people["reviewer"].post(
        f"{url}status/",
        {"status": "published"},
        format="json",
        HTTP_IF_MATCH=read_by_reviewer["ETag"],
    )

    assert response.status_code == 412
    assert response.json() == {
        "detail": "The incident has changed since you read it (it is now at version 3); read it "
        "again and reapply your change."
    }
    assert Incident.objects.get(pk=draft.pk).status == "in_review"
    reread = people["reviewer"].get(url)
    published = people["reviewer"].post(
        f"{url}status/", {"status": "published"}, format="json", HTTP_IF_MATCH=reread["ETag"]
    )
    assert published.status_code == 200
    assert published["ETag"] == '"4"'
