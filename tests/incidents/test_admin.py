import re

import pytest
from django.conf import settings
from django.urls import reverse

from incidents.models import CasualtyFigure, CasualtyGroup, Incident
from tests.factories import NINETEEN_KILLED_QUOTE

ADD_URL = reverse("admin:incidents_incident_add")
LIST_URL = reverse("admin:incidents_incident_changelist")


def management(prefix, total, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def add_form(world, *, counts=(11, 3, 5), quote=NINETEEN_KILLED_QUOTE):
    """What the add page posts when an editor enters the 14 March strikes."""
    data = {
        "title": "US airstrikes in the desert of Mayadin and Albukamal",
        "incident_type": "airstrike",
        "status": "draft",
        "description": "",
        "date_start": "2023-03-14",
        "date_end": "",
        "date_precision": "day",
        "date_note": "14 March",
        "year_inferred": "on",
        "place": str(world.place.pk),
        "geo_precision": "admin1",
        **management("actor_links", 1),
        "actor_links-0-actor": str(world.us.pk),
        "actor_links-0-role": "perpetrator",
        **management("citations", 1),
        "citations-0-report": str(world.report.pk),
        "citations-0-attributed_to": str(world.sohr.pk),
        "citations-0-quote": "استهدفت الطائرات الأميركية",
        **management("casualty_figures", 1),
        "casualty_figures-0-outcome": "killed",
        "casualty_figures-0-count_min": "19",
        "casualty_figures-0-count_best": "",
        "casualty_figures-0-count_max": "19",
        "casualty_figures-0-breakdown_complete": "on",
        "casualty_figures-0-report": str(world.report.pk),
        "casualty_figures-0-attributed_to": str(world.sohr.pk),
        "casualty_figures-0-quote": quote,
        **management("casualty_figures-0-breakdown", 3),
        **management("relations_out", 0),
    }
    lines = [
        ("SY", "stated", "", world.militias),
        ("SY", "inferred", "", world.regime),
        ("", "stated", "SY", world.militias),
    ]
    for index, (count, (nationalities, basis, excluded, affiliation)) in enumerate(
        zip(counts, lines, strict=True)
    ):
        prefix = f"casualty_figures-0-breakdown-{index}"
        data.update(
            {
                f"{prefix}-count_min": str(count),
                f"{prefix}-count_max": str(count),
                f"{prefix}-nationalities": nationalities,
                f"{prefix}-nationality_basis": basis,
                f"{prefix}-excluded_nationality": excluded,
                f"{prefix}-affiliation": str(affiliation.pk),
                f"{prefix}-combatant_status": "combatant",
                f"{prefix}-sex": "unknown",
                f"{prefix}-age_group": "unknown",
            }
        )
    return data


def errors_on(response) -> list[str]:
    html = response.content.decode()
    return [
        re.sub(r"<[^>]+>", "", item).strip()
        for item in re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', html, re.S)
    ]


def test_an_editor_saves_the_19_killed_and_its_three_lines_in_one_save(
    editor_client, world, editor
):
    response = editor_client.post(ADD_URL, add_form(world))

    assert response.status_code == 302, errors_on(response)
    incident = Incident.objects.get()
    figure = incident.casualty_figures.get()
    assert (figure.count_min, figure.count_best, figure.count_max) == (19, 19, 19)
    assert sorted(figure.breakdown.values_list("count_min", "nationality_basis")) == [
        (3, "inferred"),
        (5, "stated"),
        (11, "stated"),
    ]
    assert figure.breakdown.get(count_min=5).excluded_nationality == "SY"
    assert incident.created_by == editor
    assert figure.created_by == editor
    assert incident.date_end == incident.date_start


def test_the_admin_refuses_a_breakdown_of_18_with_its_message(editor_client, world):
    response = editor_client.post(ADD_URL, add_form(world, counts=(11, 3, 4)))

    assert response.status_code == 200
    assert "The breakdown adds up to 18 but the figure says 19." in errors_on(response)
    assert not Incident.objects.exists()
    assert not CasualtyGroup.objects.exists()


def test_the_admin_refuses_a_quote_that_is_not_in_the_report(editor_client, world):
    response = editor_client.post(ADD_URL, add_form(world, quote="ما أسفر عن مقتل 21 عنصراً"))

    assert response.status_code == 200
    assert (
        "This quote is not in the text of the report \u201cDeir ez-Zor report\u201d. "
        "Copy the words exactly as the report has them."
    ) in errors_on(response)
    assert not Incident.objects.exists()


def test_an_edit_in_the_admin_updates_one_line_and_keeps_the_others(editor_client, world, editor):
    incident = world.save()
    figure = incident.casualty_figures.get()
    lines = list(figure.breakdown.order_by("id"))
    data = add_form(world, counts=(12, 3, 5))
    data.update(
        {
            "casualty_figures-INITIAL_FORMS": "1",
            "casualty_figures-0-id": str(figure.pk),
            "casualty_figures-0-incident": str(incident.pk),
            "casualty_figures-0-count_min": "20",
            "casualty_figures-0-count_max": "20",
            "casualty_figures-0-breakdown-INITIAL_FORMS": "3",
            "actor_links-TOTAL_FORMS": "0",
            "citations-TOTAL_FORMS": "0",
        }
    )
    for index, line in enumerate(lines):
        data[f"casualty_figures-0-breakdown-{index}-id"] = str(line.pk)
        data[f"casualty_figures-0-breakdown-{index}-figure"] = str(figure.pk)

    response = editor_client.post(
        reverse("admin:incidents_incident_change", args=[incident.pk]), data
    )

    assert response.status_code == 302, errors_on(response)
    figure.refresh_from_db()
    assert figure.count_best == 20
    assert figure.updated_by == editor
    changed, unchanged, _ = figure.breakdown.order_by("id")
    assert (changed.count_min, changed.updated_by) == (12, editor)
    assert unchanged.updated_by is None


@pytest.fixture
def seeded(db):
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)


def test_the_list_shows_killed_and_injured_as_ranges(editor_client, seeded):
    response = editor_client.get(LIST_URL)

    rows = {
        incident.title: (
            response.context["cl"].model_admin.killed(incident),
            response.context["cl"].model_admin.injured(incident),
        )
        for incident in response.context["cl"].result_list
    }
    assert rows[
        "US airstrikes on Iranian militia positions in the desert of Mayadin and Albukamal"
    ] == ("19", "\u2014")
    assert rows["Drone attack on a US military site near Hasakah"] == ("1", "6")
    assert rows["Coalition airstrikes on Iranian militia positions in Jdeid Ekeidat"] == (
        "no number",
        "no number",
    )


def test_the_list_shows_the_range_across_reports(editor_client, world):
    from incidents.services import incident_save
    from tests.factories import make_report

    incident = world.save()
    later = make_report(world.sohr, title="SOHR update", text="ارتفع عدد القتلى إلى 23 عنصراً")
    incident_save(
        user=None,
        incident=incident,
        data={
            "casualty_figures": [
                {"id": incident.casualty_figures.get().pk, **_figure_fields(incident)},
                {
                    "report": later,
                    "outcome": "killed",
                    "count_min": 23,
                    "count_max": 23,
                    "quote": "23 عنصراً",
                    "breakdown": [],
                },
            ]
        },
    )

    response = editor_client.get(LIST_URL)

    assert '<td class="field-killed">19\u201323</td>' in response.content.decode()


def _figure_fields(incident):
    figure = incident.casualty_figures.get()
    return {
        name: getattr(figure, name)
        for name in (
            "report",
            "outcome",
            "count_min",
            "count_best",
            "count_max",
            "breakdown_complete",
            "quote",
        )
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status__exact=published", 12),
        ("status__exact=draft", 0),
        ("incident_type__exact=airstrike", 2),
        ("governorate=Al+Hasakah+Governorate", 1),
        ("date_start__gte=2023-03-01&date_start__lt=2023-04-01", 2),
        ("q=Hasakah", 1),
        ("q=%D9%85%D9%82%D8%AA%D9%84+19", 0),  # quotes are searched: citations only
        ("q=%D8%A8%D8%A7%D8%AF%D9%8A%D8%AA%D9%8A", 1),  # "باديتي" in a citation
    ],
)
def test_the_list_filters_and_searches(editor_client, seeded, query, expected):
    response = editor_client.get(f"{LIST_URL}?{query}")

    assert response.status_code == 200
    assert response.context["cl"].result_count == expected


def test_the_list_searches_by_the_id_an_incident_has_in_its_dataset(editor_client, seeded):
    from incidents.imports import import_file

    with open(settings.BASE_DIR / "tests" / "data" / "acled-sample.csv", "rb") as stream:
        import_file(stream, layout="acled", file_name="acled.csv")

    response = editor_client.get(f"{LIST_URL}?q=SYR40002")

    assert [incident.external_id for incident in response.context["cl"].result_list] == ["SYR40002"]


def test_the_list_never_counts_a_large_table_in_full(editor_client, seeded, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core.admin import LargeTablePaginator

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE incidents_incident")
    monkeypatch.setattr(LargeTablePaginator, "ESTIMATE_ABOVE", 5)
    monkeypatch.setattr(LargeTablePaginator, "COUNT_CAP", 3)

    with CaptureQueriesContext(connection) as unfiltered:
        listed = editor_client.get(LIST_URL)
    searched = editor_client.get(f"{LIST_URL}?status__exact=published")

    assert listed.context["cl"].result_count == 12  # PostgreSQL's estimate
    assert searched.context["cl"].result_count == 3  # counted up to the cap
    counts = [q["sql"] for q in unfiltered.captured_queries if "COUNT(" in q["sql"].upper()]
    assert all("incidents_incident" not in sql or "LIMIT" in sql for sql in counts), counts


def test_the_arabic_admin_is_right_to_left_and_translated(editor_client, seeded):
    response = editor_client.get(f"/ar{LIST_URL}")

    html = response.content.decode()
    assert '<html lang="ar" dir="rtl"' in html
    assert "الحوادث" in html  # "incidents"
    assert "قتلى" in html  # the "killed" column
    assert "منشور" in html  # the "published" status filter


def test_the_english_admin_is_left_to_right(editor_client, seeded):
    html = editor_client.get(LIST_URL).content.decode()

    assert '<html lang="en" dir="ltr"' in html


def test_the_incident_page_shows_every_nested_row(editor_client, seeded):
    incident = Incident.objects.get(date_start="2023-03-14")

    response = editor_client.get(reverse("admin:incidents_incident_change", args=[incident.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('name="casualty_figures-0-breakdown-') > 0
    assert 'value="19"' in html
    assert CasualtyFigure.objects.filter(incident=incident).count() == 1


def test_autocomplete_finds_actors_by_their_arabic_name(editor_client, seeded):
    response = editor_client.get(
        "/admin/autocomplete/",
        {
            "term": "الموالية",
            "app_label": "incidents",
            "model_name": "casualtygroup",
            "field_name": "affiliation",
        },
    )

    assert [item["text"] for item in response.json()["results"]] == [
        "Iran-backed militias (المليشيات الموالية لإيران)"
    ]


def test_a_user_without_permissions_cannot_open_the_incident_pages(client, db):
    from tests.factories import make_user

    client.force_login(make_user("outsider", group=None))

    assert client.get(LIST_URL).status_code == 403


def _change_form(incident, world, **extra):
    """What the change page posts back: the stored rows as they are, plus ``extra``."""
    data = add_form(world)
    figure = incident.casualty_figures.get()
    data.update(
        {
            "casualty_figures-INITIAL_FORMS": "1",
            "casualty_figures-0-id": str(figure.pk),
            "casualty_figures-0-incident": str(incident.pk),
            "casualty_figures-0-breakdown-INITIAL_FORMS": "3",
            "title": incident.title,
            "date_note": incident.date_note,
            "date_end": incident.date_end.isoformat(),
        }
    )
    for index, line in enumerate(figure.breakdown.order_by("id")):
        data[f"casualty_figures-0-breakdown-{index}-id"] = str(line.pk)
        data[f"casualty_figures-0-breakdown-{index}-figure"] = str(figure.pk)
    links = list(incident.actor_links.order_by("id"))
    data.update(management("actor_links", len(links), len(links)))
    for index, link in enumerate(links):
        data.update(
            {
                f"actor_links-{index}-id": str(link.pk),
                f"actor_links-{index}-incident": str(incident.pk),
                f"actor_links-{index}-actor": str(link.actor_id),
                f"actor_links-{index}-role": link.role,
            }
        )
    citation = incident.citations.get()
    data.update(
        {
            **management("citations", 1, 1),
            "citations-0-id": str(citation.pk),
            "citations-0-incident": str(incident.pk),
            "citations-0-report": str(citation.report_id),
            "citations-0-attributed_to": str(citation.attributed_to_id),
            "citations-0-quote": citation.quote,
        }
    )
    data.update(extra)
    return data


def test_a_reviewer_publishes_in_the_admin_but_an_editor_cannot(client, world, editor):
    from tests.factories import make_user

    incident = world.save(user=editor, status="in_review", title="Strikes")
    url = reverse("admin:incidents_incident_change", args=[incident.pk])
    client.force_login(editor)

    refused = client.post(url, _change_form(incident, world, transition="published"))

    assert "Only a reviewer can do this." in errors_on(refused)
    client.force_login(make_user("reviewer", group="reviewer"))
    published = client.post(url, _change_form(incident, world, transition="published"))
    assert published.status_code == 302, errors_on(published)
    incident.refresh_from_db()
    assert (incident.status, incident.updated_by) == ("published", editor)


def test_a_published_incident_needs_a_reason_in_the_admin_and_cannot_be_deleted(
    editor_client, world, editor
):
    incident = world.save(user=editor, status="published", title="Strikes")
    url = reverse("admin:incidents_incident_change", args=[incident.pk])

    refused = editor_client.post(url, _change_form(incident, world, title="Strikes near Mayadin"))
    saved = editor_client.post(
        url, _change_form(incident, world, title="Strikes near Mayadin", change_reason="Town named")
    )

    assert (
        "This incident is published: say why it is being changed (the reason is kept in its "
        "history)."
    ) in errors_on(refused)
    assert saved.status_code == 302
    delete_page = editor_client.get(reverse("admin:incidents_incident_delete", args=[incident.pk]))
    assert delete_page.status_code == 403


def test_a_reviewer_cannot_edit_and_publish_in_one_save(client, world, editor):
    from tests.factories import make_user

    incident = world.save(user=editor, status="in_review", title="Strikes")
    client.force_login(make_user("reviewer", group="reviewer"))

    response = client.post(
        reverse("admin:incidents_incident_change", args=[incident.pk]),
        _change_form(incident, world, title="Strikes, edited", transition="published"),
    )

    assert (
        "Publishing with edits would make you its last editor: save the edits, then let "
        "another reviewer publish."
    ) in errors_on(response)
    incident.refresh_from_db()
    assert (incident.status, incident.title) == ("in_review", "Strikes")


def test_a_save_on_a_stale_page_is_refused_showing_what_changed_and_keeping_the_input(
    editor_client, world, editor
):
    incident = world.save(user=editor, title="Strikes")
    url = reverse("admin:incidents_incident_change", args=[incident.pk])
    opened = _change_form(incident, world, version_read="1", title="My edit")
    # Another editor saves first, through the API.
    from tests.api_helpers import token_client
    from tests.factories import make_user

    make_user("colleague")
    token_client("colleague").patch(
        f"/api/incidents/{incident.pk}/", {"description": "Their edit"}, format="json"
    )

    refused = editor_client.post(url, opened)

    message = " ".join(errors_on(refused))
    assert (
        "Someone saved this incident while you were editing it (you opened version 1; it "
        "is now at 2)." in message
    )
    assert "incident (description) by colleague" in message
    assert 'value="My edit"' in refused.content.decode()  # nothing typed is lost
    incident.refresh_from_db()
    assert (incident.title, incident.description) == ("Strikes", "Their edit")

    resaved = editor_client.post(url, {**opened, "version_read": "2"})
    assert resaved.status_code == 302, errors_on(resaved)
    incident.refresh_from_db()
    assert incident.title == "My edit"


def test_the_history_page_shows_one_timeline_with_field_changes(editor_client, world, editor):
    from incidents.services import incident_save

    incident = world.save(user=editor, status="published", title="Strikes")
    figure = incident.casualty_figures.get()
    incident_save(
        user=editor,
        incident=incident,
        reason="SOHR raised the toll",
        data={
            "casualty_figures": [
                {
                    "id": figure.pk,
                    "report": world.report,
                    "outcome": "killed",
                    "count_min": 19,
                    "count_best": 19,
                    "count_max": 25,
                    "breakdown_complete": True,
                    "quote": figure.quote,
                }
            ]
        },
    )

    response = editor_client.get(reverse("admin:incidents_incident_history", args=[incident.pk]))
    arabic = editor_client.get(
        "/ar" + reverse("admin:incidents_incident_history", args=[incident.pk])
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "<strong>highest count</strong>: <del>19</del> &rarr; <ins>25</ins>" in html
    assert "SOHR raised the toll" in html
    # The incident, 2 actors, a citation, a figure and its 3 lines.
    assert html.count('class="history-insert"') == 8
    assert "<strong>أعلى عدد</strong>" in arabic.content.decode()
