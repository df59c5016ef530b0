"""Anonymous readers see what was published, and nothing else, through every path.

An incident is entered as a draft that says something else (a wrong title and a
figure of 7), corrected, published, and corrected once more after publication;
it links to another incident that is still a draft. Each path an anonymous
reader can take must show only the published record.
"""

import csv
import io
import time
from datetime import UTC, datetime

import pytest
from rest_framework.test import APIClient

from incidents.services import incident_save
from incidents.services.workflow import incident_transition
from tests.api_helpers import make_viewer
from tests.factories import make_user

DRAFT_TITLE = "Strikes kill 7 (unchecked draft)"
PUBLISHED_TITLE = "US airstrikes in the desert of Mayadin and Albukamal"


def pause():
    # History events carry their transaction's time; keep the moments apart.
    time.sleep(0.05)
    return datetime.now(UTC)


def seven_killed(world):
    return [
        {
            "report": world.report,
            "attributed_to": world.sohr,
            "outcome": "killed",
            "count_min": 7,
            "count_max": 7,
            "quote": "مقتل 19 عنصراً",
            "breakdown": [],
        }
    ]


@pytest.fixture
def published_story(world):
    """The moments of an incident's life, and the rows it ends with."""
    editor = make_user("editor")
    reviewer = make_user("reviewer", group="reviewer")
    hidden = world.save(user=editor, title="A draft nobody may see", status="draft")
    incident = world.save(
        user=editor, title=DRAFT_TITLE, status="draft", casualty_figures=seven_killed(world)
    )
    while_draft = pause()
    figure = incident.casualty_figures.get()
    incident = incident_save(
        user=editor,
        incident=incident,
        data={
            **{k: v for k, v in world.payload(title=PUBLISHED_TITLE).items() if k != "status"},
            "casualty_figures": [{**world.payload()["casualty_figures"][0], "id": figure.pk}],
            "relations": [{"to_incident": hidden, "relation": "follows"}],
        },
    )
    incident_transition(user=editor, incident=incident, to_status="in_review")
    incident_transition(user=reviewer, incident=incident, to_status="published")
    while_published = pause()
    incident_save(
        user=editor,
        incident=incident,
        reason="The report names the desert",
        data={"description": "In the desert of Mayadin."},
    )
    return {
        "incident": incident,
        "hidden": hidden,
        "while_draft": while_draft,
        "while_published": while_published,
    }


pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_the_list_and_a_draft_s_page(published_story):
    anonymous = APIClient()

    listed = anonymous.get("/api/incidents/").json()["results"]
    hidden = anonymous.get(f"/api/incidents/{published_story['hidden'].pk}/")

    assert [incident["title"] for incident in listed] == [PUBLISHED_TITLE]
    assert hidden.status_code == 404


def test_the_detail_names_no_editor_and_links_to_no_draft(published_story):
    incident = published_story["incident"]

    public = APIClient().get(f"/api/incidents/{incident.pk}/").json()
    viewer = APIClient()
    viewer.force_authenticate(make_viewer())
    internal = viewer.get(f"/api/incidents/{incident.pk}/").json()

    assert (public["created_by"], public["updated_by"]) == (None, None)
    assert public["relations"] == []
    assert (internal["created_by"], internal["updated_by"]) == ("editor", "editor")
    assert [r["to_incident"] for r in internal["relations"]] == [published_story["hidden"].pk]


def test_the_history_starts_at_publication_and_names_roles_not_people(published_story):
    incident = published_story["incident"]

    timeline = APIClient().get(f"/api/incidents/{incident.pk}/history/").json()["results"]

    assert [
        (entry["model"], entry["action"], entry["changes"], entry["user"], entry["role"])
        for entry in timeline
    ] == [
        (
            "incidents.incident",
            "update",
            {"status": ["in_review", "published"]},
            None,
            "reviewer",
        ),
        (
            "incidents.incident",
            "update",
            {"description": ["", "In the desert of Mayadin."]},
            None,
            "editor",
        ),
    ]
    assert timeline[1]["reason"] == "The report names the desert"
    body = str(timeline)
    assert DRAFT_TITLE not in body and "A draft nobody may see" not in body


def test_as_of_answers_only_for_a_moment_when_the_incident_was_published(published_story):
    incident = published_story["incident"]
    url = f"/api/incidents/{incident.pk}/"
    anonymous = APIClient()

    while_draft = anonymous.get(url, {"as_of": published_story["while_draft"].isoformat()})
    while_published = anonymous.get(url, {"as_of": published_story["while_published"].isoformat()})

    assert while_draft.status_code == 404
    assert while_draft.json() == {"detail": "The incident was not published at that time."}
    assert while_published.status_code == 200
    then = while_published.json()
    assert (then["title"], then["description"], then["relations"]) == (PUBLISHED_TITLE, "", [])
    assert then["casualty_figures"][0]["count_min"] == 19
    assert (then["created_by"], then["updated_by"]) == (None, None)


def test_the_statistics_and_casualty_rows_count_only_the_published(published_story):
    anonymous = APIClient()

    totals = anonymous.get("/api/stats/casualties/", {"group_by": "outcome"}).json()
    rows = anonymous.get("/api/casualties/").json()["results"]

    assert totals["results"] == [
        {
            "outcome": "killed",
            "incidents": 1,
            "count_min": 19,
            "count_best": 19,
            "count_max": 19,
            "rows_without_number": 0,
        }
    ]
    assert {row["incident_id"] for row in rows} == {published_story["incident"].pk}


def read_csv(response) -> list[dict]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(body)))


@pytest.mark.parametrize(
    ("url", "query", "id_column"),
    [
        ("/api/incidents/", {"format": "csv"}, "id"),
        ("/api/incidents/", {"layout": "ucdp"}, "incident_id"),
        ("/api/incidents/", {"layout": "acled"}, "incident_id"),
        ("/api/casualties/", {"format": "csv"}, "incident_id"),
    ],
)
def test_every_csv_holds_only_the_published(published_story, url, query, id_column):
    rows = read_csv(APIClient().get(url, query))

    assert {row[id_column] for row in rows} == {str(published_story["incident"].pk)}
    assert DRAFT_TITLE not in str(rows)


def test_the_statistics_csv_counts_only_the_published(published_story):
    rows = read_csv(APIClient().get("/api/stats/casualties/", {"format": "csv"}))

    assert rows == [
        {
            "incidents": "1",
            "count_min": "19",
            "count_best": "19",
            "count_max": "19",
            "rows_without_number": "0",
        }
    ]
