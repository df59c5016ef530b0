import csv
import io

import pytest
from django.utils import timezone

from incidents.models import CasualtyFigure, CasualtyGroup, Incident
from sources.models import Source
from tests.api_helpers import enter_seed_through_the_api, make_viewer, token_client
from tests.factories import NINETEEN_KILLED_QUOTE, make_report


@pytest.fixture
def editor_api(editor):
    return token_client("editor")


@pytest.fixture
def seeded(editor_api):
    return enter_seed_through_the_api(editor_api)


def read_csv(response) -> list[dict]:
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff"), "Excel needs the byte-order mark to read UTF-8"
    return list(csv.DictReader(io.StringIO(body[1:])))


def test_the_seed_entered_through_the_api_reads_back_whole(seeded, client):
    strikes = client.get(f"/api/incidents/{seeded['strikes-14-march']['id']}/").json()
    assert strikes["status"] == "published"

    figure = strikes["casualty_figures"][0]
    assert (figure["count_min"], figure["count_best"], figure["count_max"]) == (19, 19, 19)
    assert figure["preferred"] is True
    assert [
        (
            line["count_min"],
            line["nationalities"],
            line["nationality_basis"],
            line["excluded_nationality"],
        )
        for line in figure["breakdown"]
    ] == [(11, ["SY"], "stated", ""), (3, ["SY"], "inferred", ""), (5, [], "stated", "SY")]
    assert strikes["relations"] == [
        {
            "id": strikes["relations"][0]["id"],
            "to_incident": seeded["drone-hasakah"]["id"],
            "relation": "retaliation_for",
        }
    ]
    assert strikes["casualty_totals"] == {
        "killed": {
            "preferred_figure": figure["id"],
            "count_min": 19,
            "count_best": 19,
            "count_max": 19,
            "range_low": 19,
            "range_high": 19,
            "reports": 1,
        }
    }
    # The public reads no usernames; those who may read drafts do.
    assert strikes["created_by"] is None
    internal = make_viewer()
    client.force_login(internal)
    assert client.get(f"/api/incidents/{strikes['id']}/").json()["created_by"] == "editor"
    assert Incident.objects.count() == 12
    assert CasualtyGroup.objects.count() == 6


def test_nationality_sy_gives_11_stated_and_3_inferred(seeded, client):
    rows = client.get("/api/casualties/", {"nationality": "SY"}).json()["results"]

    assert sorted((row["count_min"], row["nationality_basis"]) for row in rows) == [
        (3, "inferred"),
        (11, "stated"),
    ]
    assert {row["attributed_to"] for row in rows} == {"Syrian Observatory for Human Rights"}
    assert {row["source"] for row in rows} == {"Al-Araby Al-Jadeed"}


def test_the_casualty_csv_matches_the_seed_cell_by_cell(seeded, client):
    rows = read_csv(client.get("/api/casualties/", {"format": "csv", "outcome": "killed"}))

    strikes = [row for row in rows if row["incident_id"] == str(seeded["strikes-14-march"]["id"])]
    assert [
        (
            row["count_min"],
            row["count_best"],
            row["count_max"],
            row["nationalities"],
            row["nationality_basis"],
            row["excluded_nationality"],
            row["affiliation"],
            row["combatant_status"],
            row["is_remainder"],
        )
        for row in strikes
    ] == [
        ("11", "11", "11", "SY", "stated", "", "Iran-backed militias", "combatant", "false"),
        ("3", "3", "3", "SY", "inferred", "", "Syrian regime forces", "combatant", "false"),
        ("5", "5", "5", "", "stated", "SY", "Iran-backed militias", "combatant", "false"),
    ]
    first = strikes[0]
    assert first["incident_title"] == (
        "US airstrikes on Iranian militia positions in the desert of Mayadin and Albukamal"
    )
    assert (
        first["date_start"],
        first["date_end"],
        first["date_precision"],
        first["year_inferred"],
    ) == ("2023-03-14", "2023-03-14", "day", "true")
    assert (first["place"], first["admin1"], first["incident_type"]) == (
        "Desert (badia) of Mayadin and Albukamal",
        "Deir ez Zor Governorate",
        "airstrike",
    )
    assert (
        first["outcome"],
        first["preferred"],
        first["figure_count_min"],
        first["figure_count_best"],
        first["figure_count_max"],
    ) == ("killed", "true", "19", "19", "19")
    assert (
        first["report_title"]
        == "Coalition begins new exercises facing Iranian militias in Deir ez-Zor"
    )
    assert first["attributed_to"] == "Syrian Observatory for Human Rights"
    assert first["quote"].startswith("ما أسفر عن مقتل 19 عنصراً")
    assert sum(int(row["count_min"]) for row in strikes) == 19
    # Dead without a number: one remainder row, no count, neither zero nor missing.
    jdeid = [row for row in rows if row["incident_id"] == str(seeded["strikes-april"]["id"])]
    assert [(row["count_min"], row["count_max"], row["is_remainder"]) for row in jdeid] == [
        ("", "", "true")
    ]
    assert list(rows[0]) == [
        "row_id",
        "incident_id",
        "incident_title",
        "incident_type",
        "incident_status",
        "date_start",
        "date_end",
        "date_precision",
        "year_inferred",
        "date_note",
        "place",
        "place_ar",
        "admin1",
        "admin2",
        "country",
        "latitude",
        "longitude",
        "geo_precision",
        "figure_id",
        "outcome",
        "preferred",
        "figure_count_min",
        "figure_count_best",
        "figure_count_max",
        "is_remainder",
        "count_min",
        "count_best",
        "count_max",
        "nationalities",
        "nationality_basis",
        "excluded_nationality",
        "affiliation_id",
        "affiliation",
        "combatant_status",
        "sex",
        "age_group",
        "report_id",
        "report_title",
        "report_url",
        "report_published_on",
        "source",
        "attributed_to",
        "quote",
    ]


def test_the_statistics_sum_the_seed(seeded, client):
    response = client.get("/api/stats/casualties/", {"group_by": "outcome"})

    assert response.json() == {
        "group_by": ["outcome"],
        "results": [
            {
                "outcome": "injured",
                "incidents": 2,
                "count_min": 6,
                "count_best": 6,
                "count_max": None,
                "rows_without_number": 1,
            },
            {
                "outcome": "killed",
                "incidents": 3,
                "count_min": 20,
                "count_best": 20,
                "count_max": None,
                "rows_without_number": 1,
            },
        ],
    }


def test_the_statistics_group_by_nationality_and_month(seeded, client):
    response = client.get(
        "/api/stats/casualties/",
        {"group_by": "month,nationality", "outcome": "killed", "admin1": "Deir ez Zor Governorate"},
    )

    assert response.json()["results"] == [
        {
            "month": "2023-03",
            "nationality": "",
            "excluded_nationality": "SY",
            "incidents": 1,
            "count_min": 5,
            "count_best": 5,
            "count_max": 5,
            "rows_without_number": 0,
        },
        {
            "month": "2023-03",
            "nationality": "SY",
            "excluded_nationality": "",
            "incidents": 1,
            "count_min": 14,
            "count_best": 14,
            "count_max": 14,
            "rows_without_number": 0,
        },
        {
            "month": "2023-04",
            "nationality": "",
            "excluded_nationality": "",
            "incidents": 1,
            "count_min": 0,
            "count_best": 0,
            "count_max": None,
            "rows_without_number": 1,
        },
    ]


def test_a_second_report_with_another_figure_does_not_double_the_totals(seeded, editor_api, client):
    strikes = seeded["strikes-14-march"]
    sohr = make_report(
        Source.objects.get(name="Syrian Observatory for Human Rights"),
        title="SOHR: toll rises",
        text="ارتفع عدد القتلى إلى 23 عنصراً",
        published_on="2023-03-16",
    )
    figure = strikes["casualty_figures"][0]
    response = editor_api.patch(
        f"/api/incidents/{strikes['id']}/",
        {
            "casualty_figures": [
                {
                    "id": figure["id"],
                    "report": figure["report"],
                    "outcome": "killed",
                    "count_min": 19,
                    "count_max": 19,
                    "breakdown_complete": True,
                    "quote": NINETEEN_KILLED_QUOTE,
                },
                {
                    "report": sohr.pk,
                    "outcome": "killed",
                    "count_min": 23,
                    "count_max": 23,
                    "quote": "23 عنصراً",
                    "breakdown": [],
                },
            ]
        },
        format="json",
        HTTP_X_CHANGE_REASON="A later report",
    )
    assert response.status_code == 200, response.json()

    totals = response.json()["casualty_totals"]["killed"]
    # The dated SOHR update is more recent than the undated article: preferred.
    assert (totals["count_best"], totals["range_low"], totals["range_high"], totals["reports"]) == (
        23,
        19,
        23,
        2,
    )
    stats = client.get("/api/stats/casualties/", {"group_by": "outcome", "outcome": "killed"})
    assert stats.json()["results"][0]["count_min"] == 24  # 23 + the contractor, not 19 + 23 + 1
    every_figure = client.get(
        "/api/casualties/", {"outcome": "killed", "figures": "all", "page_size": 100}
    ).json()["results"]
    assert sum(row["count_min"] or 0 for row in every_figure) == 43
    # Line rows kept their breakdown, 19 = 11 + 3 + 5, under the older figure.
    assert CasualtyGroup.objects.filter(figure_id=figure["id"]).count() == 3


def test_the_editor_chooses_the_preferred_figure(seeded, editor_api):
    strikes = seeded["strikes-14-march"]
    update = make_report(
        Source.objects.get(name="Syrian Observatory for Human Rights"),
        title="Later",
        text="23 عنصراً",
        published_on="2023-03-20",
    )
    figure = strikes["casualty_figures"][0]

    response = editor_api.patch(
        f"/api/incidents/{strikes['id']}/",
        {
            "casualty_figures": [
                {
                    "id": figure["id"],
                    "report": figure["report"],
                    "outcome": "killed",
                    "count_min": 19,
                    "count_max": 19,
                    "breakdown_complete": True,
                    "quote": NINETEEN_KILLED_QUOTE,
                    "preferred": True,
                },
                {
                    "report": update.pk,
                    "outcome": "killed",
                    "count_min": 23,
                    "count_max": 23,
                    "quote": "23 عنصراً",
                },
            ]
        },
        format="json",
        HTTP_X_CHANGE_REASON="A later report",
    )

    assert response.json()["casualty_totals"]["killed"]["count_best"] == 19
    assert CasualtyFigure.objects.filter(incident_id=strikes["id"], preferred=True).count() == 1


def test_two_preferred_figures_for_one_outcome_are_refused(seeded, editor_api):
    strikes = seeded["strikes-14-march"]
    figure = strikes["casualty_figures"][0]

    response = editor_api.patch(
        f"/api/incidents/{strikes['id']}/",
        {
            "casualty_figures": [
                {
                    "id": figure["id"],
                    "report": figure["report"],
                    "outcome": "killed",
                    "count_min": 19,
                    "count_max": 19,
                    "breakdown_complete": True,
                    "quote": NINETEEN_KILLED_QUOTE,
                    "preferred": True,
                },
                {
                    "report": figure["report"],
                    "outcome": "killed",
                    "count_min": 19,
                    "count_max": 19,
                    "quote": NINETEEN_KILLED_QUOTE,
                    "preferred": True,
                },
            ]
        },
        format="json",
        HTTP_X_CHANGE_REASON="A later report",
    )

    assert response.status_code == 400
    assert response.json() == {
        "casualty_figures[1].preferred": [
            "Only one killed figure can be preferred; casualty_figures[0] is too."
        ]
    }


def test_one_post_creates_the_14_march_incident_atomically_or_not_at_all(world, editor_api):
    payload = _api_payload(world, last_line=4)

    refused = editor_api.post("/api/incidents/", payload, format="json")

    assert refused.status_code == 400
    assert refused.json() == {
        "casualty_figures[0].breakdown": ["The breakdown adds up to 18 but the figure says 19."]
    }
    assert not Incident.objects.exists()

    created = editor_api.post("/api/incidents/", _api_payload(world), format="json")
    assert created.status_code == 201
    assert [line["count_min"] for line in created.json()["casualty_figures"][0]["breakdown"]] == [
        11,
        3,
        5,
    ]


def test_a_malformed_value_is_refused_with_its_path(world, editor_api):
    payload = _api_payload(world)
    payload["casualty_figures"][0]["breakdown"][2]["count_min"] = "five"
    payload["casualty_figures"][0]["outcome"] = "dead"

    response = editor_api.post("/api/incidents/", payload, format="json")

    assert response.status_code == 400
    assert response.json() == {
        "casualty_figures[0].outcome": ['"dead" is not a valid choice.'],
        "casualty_figures[0].breakdown[2].count_min": ["A valid integer is required."],
    }


def test_a_quote_not_in_the_report_is_refused_with_its_path(world, editor_api):
    payload = _api_payload(world)
    payload["casualty_figures"][0]["quote"] = "قتل 40"

    response = editor_api.post("/api/incidents/", payload, format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["casualty_figures[0].quote"]


def test_evidence_cannot_be_deleted_through_the_api(seeded, editor_api):
    sohr = editor_api.get("/api/sources/", {"q": "Observatory"}).json()["results"][0]

    response = editor_api.delete(f"/api/sources/{sohr['id']}/")

    assert response.status_code == 409
    assert response.json()["detail"].startswith("Evidence refers to this row")


def _api_payload(world, last_line=5):
    lines = world.lines(last_line_count=last_line)
    for line in lines:
        line["affiliation"] = line["affiliation"].pk
    return {
        "title": "US airstrikes in the desert of Mayadin and Albukamal",
        "incident_type": "airstrike",
        "date_start": "2023-03-14",
        "date_precision": "day",
        "year_inferred": True,
        "place": world.place.pk,
        "geo_precision": "admin1",
        "actors": [{"actor": world.us.pk, "role": "perpetrator"}],
        "citations": [
            {
                "report": world.report.pk,
                "attributed_to": world.sohr.pk,
                "quote": "استهدفت الطائرات الأميركية",
            }
        ],
        "casualty_figures": [
            {
                "report": world.report.pk,
                "attributed_to": world.sohr.pk,
                "outcome": "killed",
                "count_min": 19,
                "count_max": 19,
                "breakdown_complete": True,
                "quote": NINETEEN_KILLED_QUOTE,
                "breakdown": lines,
            },
        ],
    }


@pytest.mark.parametrize(
    ("url", "query", "field"),
    [
        ("/api/incidents/", {"status": "approved"}, "status"),
        ("/api/incidents/", {"incident_type": "massacre"}, "incident_type"),
        ("/api/incidents/", {"place": "999999"}, "place"),
        ("/api/incidents/", {"date_from": "14 March"}, "date_from"),
        ("/api/incidents/", {"updated_since": "yesterday"}, "updated_since"),
        ("/api/incidents/", {"actor": "x"}, "actor"),
        ("/api/casualties/", {"nationality": "XX"}, "nationality"),
        ("/api/casualties/", {"outcome": "dead"}, "outcome"),
        ("/api/casualties/", {"figures": "some"}, "figures"),
        ("/api/casualties/", {"affiliation": "0"}, "affiliation"),
        ("/api/stats/casualties/", {"group_by": "outcome,weather"}, "group_by"),
        ("/api/stats/casualties/", {"combatant_status": "soldier"}, "combatant_status"),
        ("/api/casualties/", {"format": "csv", "nationality": "Syria"}, "nationality"),
    ],
)
def test_a_bad_filter_value_is_a_400_naming_the_filter(client, db, url, query, field):
    response = client.get(url, query)

    assert response.status_code == 400
    if query.get("format") == "csv":
        assert response.content.decode().startswith("field,message\r\n" + field)
    else:
        assert list(response.json()) == [field]


STRIKES = "US airstrikes on Iranian militia positions in the desert of Mayadin and Albukamal"
DRONE_ATTACK = "Drone attack on a US military site near Hasakah"
JDEID_EKEIDAT = "Coalition airstrikes on Iranian militia positions in Jdeid Ekeidat"
ROCKETS = "Rockets fired from Iranian militia positions at the Conoco and al-Omar bases"
DRONE_CRASH = "Iranian reconnaissance drone crashes in an SDF-held area"
MINISTER = "Regime defence minister visits the contact lines with the SDF"


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        # "الأميركية" in the strikes' quote and "أميركي" in the drone attack's,
        # typed without hamza or ta marbuta
        ({"q": "الاميركيه"}, [DRONE_ATTACK, STRIKES]),
        ({"q": "HASAKAH"}, [DRONE_ATTACK]),
        # in a quote, and in the Arabic name of an actor (the SDF)
        ({"q": "قسد"}, [DRONE_CRASH, MINISTER]),
        ({"date_from": "2023-03-14", "date_to": "2023-03-31"}, [DRONE_ATTACK, STRIKES]),
        ({"date_to": "2023-03-13"}, [DRONE_ATTACK]),
        ({"incident_type": "airstrike"}, [JDEID_EKEIDAT, STRIKES]),
        ({"admin1": "Al Hasakah Governorate"}, [DRONE_ATTACK]),
        ({"actor_role": "target"}, [JDEID_EKEIDAT, DRONE_ATTACK, ROCKETS, STRIKES]),
    ],
)
def test_incident_filters(seeded, client, query, titles):
    response = client.get("/api/incidents/", query)

    assert response.status_code == 200
    assert sorted(incident["title"] for incident in response.json()["results"]) == sorted(titles)


def test_the_actor_filter_follows_the_hierarchy(seeded, client, editor_api):
    irgc = editor_api.get("/api/actors/", {"kind": "foreign_state_forces"}).json()["results"]
    irgc_id = next(actor["id"] for actor in irgc if actor["name"].startswith("Islamic"))

    incidents = client.get("/api/incidents/", {"actor": irgc_id}).json()["results"]
    rows = client.get("/api/casualties/", {"affiliation": irgc_id}).json()["results"]

    # The IRGC itself appears in the drone crash; the militias it backs in four more.
    assert len(incidents) == 5
    assert sorted(row["count_min"] for row in rows) == [5, 11]


def test_the_source_and_report_filters(seeded, client, editor_api):
    sources = {s["name"]: s["id"] for s in editor_api.get("/api/sources/").json()["results"]}

    by_witness = client.get("/api/incidents/", {"source": sources["Abu Omar al-Bukamali"]})
    by_sohr_rows = client.get(
        "/api/casualties/", {"source": sources["Syrian Observatory for Human Rights"]}
    )

    assert len(by_witness.json()["results"]) == 4
    assert [row["count_min"] for row in by_sohr_rows.json()["results"]] == [5, 3, 11]


def test_updated_since_sees_a_change_to_a_figure(seeded, editor_api, client):
    strikes = seeded["strikes-14-march"]
    since = timezone.now().isoformat()
    figure = strikes["casualty_figures"][0]

    editor_api.patch(
        f"/api/incidents/{strikes['id']}/",
        {
            "casualty_figures": [
                {
                    **{
                        k: figure[k]
                        for k in (
                            "id",
                            "report",
                            "attributed_to",
                            "outcome",
                            "count_min",
                            "count_best",
                            "count_max",
                            "breakdown_complete",
                        )
                    },
                    "quote": "مقتل 19 عنصراً",
                }
            ]
        },
        format="json",
        HTTP_X_CHANGE_REASON="Quote shortened",
    )

    changed = client.get("/api/incidents/", {"updated_since": since}).json()["results"]
    assert [incident["id"] for incident in changed] == [strikes["id"]]


def test_cursor_pages_walk_every_incident_once(seeded, client):
    seen, url = [], "/api/incidents/?page_size=5"
    while url:
        page = client.get(url).json()
        seen += [incident["id"] for incident in page["results"]]
        url = page["next"]

    assert len(seen) == len(set(seen)) == 12


def test_the_page_size_is_capped(seeded, client, settings):
    from core.api.pagination import StableCursorPagination

    # Twelve incidents; a cap of 5 must cut a request for 100,000 to 5.
    StableCursorPagination.max_page_size, cap = 5, StableCursorPagination.max_page_size
    try:
        capped = client.get("/api/incidents/", {"page_size": 100000}).json()
        small = client.get("/api/incidents/", {"page_size": 1}).json()
    finally:
        StableCursorPagination.max_page_size = cap

    assert cap == 500
    assert len(capped["results"]) == 5
    assert capped["next"] is not None
    assert len(small["results"]) == 1


def test_viewers_read_drafts_but_anonymous_users_never_see_them(editor, client):
    editor_api = token_client("editor")
    enter_seed_through_the_api(editor_api, status="draft")
    viewer = make_viewer()
    client.force_login(viewer)
    from rest_framework.test import APIClient

    anonymous = APIClient()
    for url in ("/api/incidents/", "/api/casualties/"):
        assert anonymous.get(url).json()["results"] == []
        assert len(client.get(url).json()["results"]) > 0
    assert anonymous.get("/api/stats/casualties/").json()["results"][0]["incidents"] == 0
    assert client.get("/api/stats/casualties/").json()["results"][0]["incidents"] == 3
    assert len(read_csv(anonymous.get("/api/casualties/", {"format": "csv"}))) == 0
    assert len(read_csv(anonymous.get("/api/incidents/", {"format": "csv"}))) == 0
    draft_id = Incident.objects.first().pk
    assert anonymous.get(f"/api/incidents/{draft_id}/").status_code == 404
    assert client.get(f"/api/incidents/{draft_id}/").status_code == 200


def test_a_published_incident_changes_only_with_a_reason(seeded, editor_api):
    crash = seeded["drone-crash"]
    url = f"/api/incidents/{crash['id']}/"

    refused = editor_api.patch(url, {"title": "Drone crash"}, format="json")
    by_field = editor_api.patch(
        url, {"title": "Drone crash", "change_reason": "Shorter title"}, format="json"
    )

    assert refused.status_code == 400
    assert refused.json() == {
        "change_reason": [
            "This incident is published: say why it is being changed (the reason is kept in its "
            "history)."
        ]
    }
    assert by_field.status_code == 200
    assert Incident.objects.get(pk=crash["id"]).title == "Drone crash"
