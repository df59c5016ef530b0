"""Importing UCDP GED and ACLED files: whole, idempotent, audited, all or nothing."""

import csv
import gzip
import io
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db.models import Sum
from django.db.models.functions import Coalesce, ExtractYear

from incidents.history import incident_timeline
from incidents.imports import ImportFailed, import_file
from incidents.imports.layouts import ucdp
from incidents.models import (
    Actor,
    CasualtyFigure,
    ImportRun,
    Incident,
    IncidentActor,
)
from incidents.services import incident_save
from sources.models import Report, Source
from tests.factories import make_user

SYRIA_GED = Path(settings.BASE_DIR) / "fixtures" / "ucdp-ged-syria-2016-2019.csv.gz"
ACLED_SAMPLE = Path(settings.BASE_DIR) / "tests" / "data" / "acled-sample.csv"


def syria_rows(count=None) -> list[dict]:
    with gzip.open(SYRIA_GED, "rt", encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    return rows if count is None else rows[:count]


def as_csv(rows: list[dict], columns=None) -> io.BytesIO:
    columns = columns or list(rows[0])
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return io.BytesIO(buffer.getvalue().encode("utf-8"))


def ucdp_import(rows, **options):
    options.setdefault("file_name", "ged.csv")
    return import_file(as_csv(rows), layout=ucdp.NAME, **options)


def killed_best_by(*group) -> dict:
    figures = CasualtyFigure.objects.filter(
        outcome="killed", preferred=True, incident__external_source=ucdp.NAME
    )
    totals = figures.values(*group).annotate(best=Sum(Coalesce("count_best", "count_min")))
    return {tuple(row[key] for key in group): row["best"] for row in totals}


@pytest.mark.django_db
def test_the_whole_syria_file_imports_and_its_totals_match_per_governorate_and_year():
    rows = syria_rows()
    by_governorate, by_year = Counter(), Counter()
    for row in rows:
        by_governorate[(row["adm_1"],)] += int(row["best"])
        by_year[(int(row["date_start"][:4]),)] += int(row["best"])

    with SYRIA_GED.open("rb") as packed, gzip.open(packed) as stream:
        summary = import_file(stream, layout=ucdp.NAME, file_name=SYRIA_GED.name)

    assert summary.counts == {"created": 16566, "updated": 0, "unchanged": 0, "refused": 0}
    assert Incident.objects.filter(external_source=ucdp.NAME).count() == 16566
    assert sum(by_governorate.values()) == 112337
    assert killed_best_by("incident__place__admin1") == dict(by_governorate)
    year = ExtractYear("incident__date_start")
    figures = CasualtyFigure.objects.filter(outcome="killed", preferred=True)
    per_year = figures.annotate(year=year).values("year").annotate(best=Sum("count_best"))
    assert {(row["year"],): row["best"] for row in per_year} == dict(by_year)

    # Exported in UCDP's layout, the events come back as they went in.
    exported = {
        row["id"]: row
        for row in csv.DictReader(
            io.StringIO("".join(_layout_lines(Incident.objects.all(), "ucdp")))
        )
    }
    assert set(exported) == {row["id"] for row in rows}
    compared = (
        "date_start date_end date_prec year where_prec where_coordinates adm_1 adm_2 "
        "type_of_violence side_a side_b deaths_a deaths_b deaths_civilians deaths_unknown "
        "low best high"
    ).split()
    differences = [
        (row["id"], column, row[column], exported[row["id"]][column])
        for row in rows
        for column in compared
        if exported[row["id"]][column] != row[column]
    ]
    assert differences == []
    assert all(
        float(exported[row["id"]][axis]) == float(row[axis])
        for row in rows
        for axis in ("latitude", "longitude")
    )


def _layout_lines(queryset, layout):
    from incidents.exports import layout_csv
    from incidents.imports.layouts import BY_SHORT_NAME as LAYOUTS

    return layout_csv(queryset, LAYOUTS[layout])


@pytest.mark.django_db
def test_an_event_becomes_an_incident_with_sides_sources_and_a_complete_breakdown():
    row = syria_rows(1)[0]  # 214797: 2 + 2 killed, per SOHR
    ucdp_import([row])

    incident = Incident.objects.get(external_source="ucdp_ged", external_id="214797")
    assert (incident.date_start.isoformat(), incident.date_precision) == ("2016-01-01", "day")
    assert (incident.violence_type, incident.incident_type) == ("state_based", "unspecified")
    assert incident.status == "published"
    place = incident.place
    assert (place.name, place.admin1, place.admin2, place.country) == (
        "Teir Maaleh village",
        "Homs Governorate",
        "Ar Rastan district",
        "SY",
    )
    assert (str(place.latitude), str(place.longitude)) == ("34.802462", "36.707602")
    assert sorted(incident.actor_links.values_list("actor__name", "role")) == [
        ("Government of Syria", "side_a"),
        ("Syrian insurgents", "side_b"),
    ]
    assert Actor.objects.get(name="Government of Syria").kind == "state_forces"
    assert Actor.objects.get(name="Syrian insurgents").kind == "rebel_group"
    figure = incident.casualty_figures.get()
    sohr = Source.objects.get(name="Syrian Observatory for Human Rights")
    assert (figure.count_min, figure.count_best, figure.count_max) == (4, 4, 4)
    assert figure.breakdown_complete and figure.preferred
    assert figure.attributed_to == sohr
    assert figure.report.source.kind == "dataset"
    assert figure.quote.startswith("UCDP GED event 214797: low 4, best 4, high 4")
    assert [
        (line.count_min, line.affiliation and line.affiliation.name, line.combatant_status)
        for line in figure.breakdown.order_by("id")
    ] == [
        (2, "Government of Syria", "combatant"),
        (2, "Syrian insurgents", "combatant"),
        (0, None, "civilian"),
        (0, None, "unknown"),
    ]
    citation = incident.citations.get()
    assert citation.report.source == sohr
    assert citation.report.published_on.isoformat() == "2015-01-01"
    assert citation.quote == "14 shells hit Dahya al-Assad an clashes continue around Ter Ma’la"


@pytest.mark.django_db
def test_a_dry_run_reports_every_row_and_writes_nothing():
    rows = syria_rows(5)
    rows[3] = {**rows[3], "best": "3", "deaths_unknown": "7"}
    seen = []

    summary = ucdp_import(rows, dry_run=True, on_outcome=seen.append)

    assert [(o.line, o.external_id, o.action) for o in seen] == [
        (2, rows[0]["id"], "created"),
        (3, rows[1]["id"], "created"),
        (4, rows[2]["id"], "created"),
        (5, rows[3]["id"], "refused"),
        (6, rows[4]["id"], "created"),
    ]
    assert seen[3].detail == "best: 3, but deaths_a..deaths_unknown add up to {}.".format(
        " + ".join([rows[3]["deaths_a"], rows[3]["deaths_b"], rows[3]["deaths_civilians"], "7"])
    )
    assert summary.run_id is None
    assert not Incident.objects.exists()
    assert not Report.objects.exists() and not Actor.objects.exists()
    assert not ImportRun.objects.exists()


@pytest.mark.django_db
def test_one_refused_row_refuses_the_whole_file_and_names_its_columns():
    rows = syria_rows(3)
    rows[1] = {**rows[1], "date_start": "2016-02-30", "where_prec": "9", "deaths_a": "-1"}

    summary = ucdp_import(rows)

    refused = [o for o in summary.outcomes if o.action == "refused"]
    assert [(o.line, o.detail) for o in refused] == [
        (
            3,
            "date_start: “2016-02-30” is not a date (YYYY-MM-DD).; "
            "where_prec: 9 is not one of 1, 2, 3, 4, 5, 6, 7.; deaths_a: -1 is below 0.",
        )
    ]
    assert summary.counts["created"] == 2
    assert summary.run_id is None
    assert not Incident.objects.exists() and not Source.objects.exists()


@pytest.mark.django_db
def test_an_id_given_twice_in_a_file_is_refused_on_its_second_line():
    row = syria_rows(1)[0]

    summary = ucdp_import([row, row])

    assert [(o.line, o.action, o.detail) for o in summary.outcomes] == [
        (2, "created", ""),
        (3, "refused", "id repeats line 2 of this file."),
    ]
    assert not Incident.objects.exists()


@pytest.mark.django_db
def test_a_file_without_the_columns_of_its_layout_is_refused_as_a_whole():
    with pytest.raises(ImportFailed, match="header lacks type_of_violence, side_a"):
        import_file(
            io.BytesIO(b"id,date_start\n1,2016-01-01\n"), layout=ucdp.NAME, file_name="x.csv"
        )
    with pytest.raises(ImportFailed, match="not UTF-8"):
        import_file(io.BytesIO(b"id,\xff\xfe\n"), layout=ucdp.NAME, file_name="x.csv")


@pytest.mark.django_db
def test_importing_the_same_file_again_changes_nothing_and_records_nothing():
    rows = syria_rows(50)
    ucdp_import(rows)
    events_before = sum(len(incident_timeline(i.pk)) for i in Incident.objects.all())

    summary = ucdp_import(rows)

    assert summary.counts == {"created": 0, "updated": 0, "unchanged": 50, "refused": 0}
    assert Incident.objects.count() == 50
    assert sum(len(incident_timeline(i.pk)) for i in Incident.objects.all()) == events_before
    assert set(Incident.objects.values_list("version", flat=True)) == {1}


@pytest.mark.django_db
def test_a_new_release_updates_the_event_keeps_editors_additions_and_says_why():
    importer = make_user("importer", group="reviewer")
    row = syria_rows(1)[0]
    ucdp_import([row], user=importer)
    incident = Incident.objects.get()
    figure = incident.casualty_figures.get()
    # An editor adds a citation of their own after the import.
    editor = make_user("editor")
    own_report = Report.objects.create(
        source=Source.objects.get(name="Syrian Observatory for Human Rights"),
        title="Follow-up",
        language="en",
    )
    payload = {
        "citations": [{"id": c.pk} for c in incident.citations.all()]
        + [{"report": own_report, "quote": "Four were killed near Teir Maaleh."}],
    }
    incident_save(user=editor, data=payload, incident=incident, reason="adds a report")

    corrected = {**row, "deaths_b": "3", "best": "5", "high": "6"}
    summary = ucdp_import([corrected], user=importer, file_name="ged-20.1.csv")

    assert [(o.action, o.detail) for o in summary.outcomes] == [
        ("updated", "best '4' → '5', deaths_b '2' → '3', high '4' → '6'")
    ]
    figure.refresh_from_db()
    assert (figure.count_min, figure.count_best, figure.count_max) == (4, 5, 6)
    assert list(figure.breakdown.order_by("id").values_list("count_min", flat=True)) == [
        2,
        3,
        0,
        0,
    ]
    assert sorted(incident.citations.values_list("quote", flat=True)) == [
        "14 shells hit Dahya al-Assad an clashes continue around Ter Ma’la",
        "Four were killed near Teir Maaleh.",
    ]
    run = ImportRun.objects.get(file_name="ged-20.1.csv")
    assert (run.user, run.rows, run.updated) == (importer, 1, 1)
    change = [
        c
        for c in incident_timeline(incident.pk)
        if c.model is CasualtyFigure and c.action == "update"
    ][-1]
    assert change.context["reason"] == f"UCDP GED import {run.pk} of ged-20.1.csv"
    assert change.context["import_run"] == run.pk
    assert change.context["user"] == importer.pk
    assert change.diff["count_best"] == [4, 5]


@pytest.mark.django_db
def test_low_best_and_high_out_of_order_are_kept_as_given_and_flagged():
    # 319617 in GED 19.1: low 4, best 3, high 4.
    row = next(r for r in syria_rows() if r["id"] == "319617")

    summary = ucdp_import([row])

    assert summary.outcomes[0].action == "created"
    assert "out of order" in summary.outcomes[0].detail
    figure = CasualtyFigure.objects.get()
    assert (figure.count_min, figure.count_best, figure.count_max) == (3, 3, 4)
    exported = next(csv.DictReader(io.StringIO("".join(_layout_lines(Incident.objects, "ucdp")))))
    assert (exported["low"], exported["best"], exported["high"]) == ("4", "3", "4")


@pytest.mark.django_db
def test_acled_events_import_with_their_sides_sources_and_fatalities():
    with ACLED_SAMPLE.open("rb") as stream:
        summary = import_file(stream, layout="acled", file_name="acled.csv")

    assert summary.counts == {"created": 4, "updated": 0, "unchanged": 0, "refused": 0}
    clash = Incident.objects.get(external_source="acled", external_id="SYR40002")
    assert (clash.incident_type, clash.violence_type) == ("armed_clash", "state_based")
    assert clash.date_start.isoformat() == "2019-03-14"
    assert sorted(clash.actor_links.values_list("actor__name", "role")) == [
        ("Hayat Tahrir al-Sham", "side_b"),
        ("Jaish al Izza", "with_side_b"),
        ("Military Forces of Syria (2000-)", "side_a"),
        ("National Defence Forces", "with_side_a"),
    ]
    figure = clash.casualty_figures.get()
    assert (figure.count_min, figure.count_best, figure.count_max) == (7, 7, 7)
    assert not figure.breakdown_complete and not figure.breakdown.exists()
    assert figure.attributed_to is None  # two sources
    assert sorted(clash.citations.values_list("attributed_to__name", flat=True)) == [
        "SANA",
        "Syrian Observatory for Human Rights",
    ]
    strike = Incident.objects.get(external_id="SYR40001")
    assert (strike.incident_type, strike.violence_type) == ("airstrike", "one_sided")
    assert Actor.objects.get(name="Military Forces of Russia (2015-)").kind == (
        "foreign_state_forces"
    )
    week = Incident.objects.get(external_id="SYR40003")
    assert week.date_precision == "week"
    assert week.casualty_figures.get().count_best == 0
    assert Incident.objects.get(external_id="SYR40004").date_start.isoformat() == "2019-03-28"

    with ACLED_SAMPLE.open("rb") as stream:
        again = import_file(stream, layout="acled", file_name="acled.csv")
    assert again.counts["unchanged"] == 4

    exported = list(csv.DictReader(io.StringIO("".join(_layout_lines(Incident.objects, "acled")))))
    with ACLED_SAMPLE.open(encoding="utf-8") as stream:
        original = list(csv.DictReader(stream))
    for column in ("event_id_cnty", "event_type", "sub_event_type", "actor1", "actor2"):
        assert [row[column] for row in exported] == [row[column] for row in original]
    assert [row["fatalities"] for row in exported] == ["5", "7", "0", "1"]
    assert [row["event_date"] for row in exported] == [
        "2019-03-12",
        "2019-03-14",
        "2019-03-20",
        "2019-03-28",
    ]


@pytest.mark.django_db
def test_an_acled_row_with_a_bad_date_or_country_is_refused():
    with ACLED_SAMPLE.open(encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    rows[0] = {**rows[0], "event_date": "31 February 2019"}
    rows[1] = {**rows[1], "iso": "", "iso3": "", "country": "Atlantis", "fatalities": "many"}

    summary = import_file(as_csv(rows), layout="acled", file_name="acled.csv")

    assert [(o.line, o.detail) for o in summary.outcomes if o.action == "refused"] == [
        (2, "event_date: “31 February 2019” is not a date (YYYY-MM-DD)."),
        (
            3,
            "country: “Atlantis” is not a country we know (nor iso, nor iso3).; "
            "fatalities: “many” is not a whole number.",
        ),
    ]
    assert not Incident.objects.exists()


@pytest.mark.django_db
def test_import_commands_print_each_row_and_fail_when_a_row_is_refused(tmp_path, capsys):
    rows = syria_rows(2)
    good = tmp_path / "good.csv"
    good.write_bytes(as_csv(rows).getvalue())
    make_user("importer", group="reviewer")

    call_command("import_ucdp", str(good), "--dry-run")
    out = capsys.readouterr().out
    assert out.splitlines() == [
        f"line 2\t{rows[0]['id']}\tcreated",
        f"line 3\t{rows[1]['id']}\tcreated",
        "good.csv: 2 rows: 2 created, 0 updated, 0 unchanged, 0 refused "
        "(dry run, nothing written).",
    ]
    assert not Incident.objects.exists()

    call_command("import_ucdp", str(good), "--user", "importer", "--status", "draft")
    assert set(Incident.objects.values_list("status", flat=True)) == {"draft"}
    assert ImportRun.objects.get().user.username == "importer"

    bad = tmp_path / "bad.csv"
    bad.write_bytes(as_csv([{**rows[0], "id": "9", "side_a": ""}]).getvalue())
    with pytest.raises(CommandError, match="1 rows refused; nothing was written"):
        call_command("import_ucdp", str(bad))
    assert "line 2\t9\trefused: side_a: is empty." in capsys.readouterr().out
    with pytest.raises(CommandError, match="--user: no user named “nobody”"):
        call_command("import_ucdp", str(good), "--user", "nobody")
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_acled", str(tmp_path / "missing.csv"))


@pytest.mark.django_db
def test_export_command_writes_published_incidents_in_a_layout(tmp_path):
    rows = syria_rows(3)
    ucdp_import(rows[:2])
    ucdp_import(rows[2:], status="draft")
    target = tmp_path / "out.csv"

    call_command("export_incidents", "--layout", "ucdp", "--output", str(target))

    with target.open(encoding="utf-8") as stream:
        exported = list(csv.DictReader(stream))
    assert [row["id"] for row in exported] == [rows[0]["id"], rows[1]["id"]]
    assert [row["best"] for row in exported] == [rows[0]["best"], rows[1]["best"]]
    assert IncidentActor.objects.count() == 6


@pytest.mark.django_db
def test_the_incidents_endpoint_answers_csv_in_a_dataset_layout_for_each_role(client):
    rows = syria_rows(4)
    ucdp_import(rows[:3])
    ucdp_import(rows[3:], status="draft")

    response = client.get("/api/incidents/", {"layout": "ucdp", "external_id": rows[1]["id"]})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    exported = list(csv.DictReader(io.StringIO(body)))
    assert [(row["id"], row["best"], row["date_start"]) for row in exported] == [
        (rows[1]["id"], rows[1]["best"], rows[1]["date_start"])
    ]
    # Anonymous readers see published incidents only; editors see drafts too.
    anonymous = client.get("/api/incidents/", {"layout": "acled"})
    assert len(list(csv.DictReader(io.StringIO(_body(anonymous))))) == 3
    client.force_login(make_user("editor"))
    as_editor = client.get("/api/incidents/", {"layout": "ucdp"})
    assert len(list(csv.DictReader(io.StringIO(_body(as_editor))))) == 4

    refused = client.get("/api/incidents/", {"layout": "gdelt"})
    assert refused.status_code == 400
    assert refused.json() == {"layout": ["'gdelt' is not one of ucdp, acled."]}


def _body(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8-sig")


@pytest.mark.django_db
def test_a_layout_export_costs_the_same_queries_for_3_rows_as_for_40(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    rows = syria_rows(40)
    ucdp_import(rows[:3])
    with CaptureQueriesContext(connection) as few:
        _body(client.get("/api/incidents/", {"layout": "ucdp"}))
    ucdp_import(rows[3:])
    with CaptureQueriesContext(connection) as many:
        _body(client.get("/api/incidents/", {"layout": "ucdp"}))
    assert len(few) == len(many)


@pytest.mark.django_db
def test_editors_import_through_the_admin_page_dry_run_first(client):
    rows = syria_rows(3)
    rows[2] = {**rows[2], "low": "x"}
    client.force_login(make_user("editor"))
    page = client.get("/admin/incidents/incident/import/")
    assert page.status_code == 200
    # Publishing is a reviewer's decision: an editor's imports are drafts.
    assert [value for value, _label in page.context["form"].fields["status"].choices] == ["draft"]

    def upload(rows, **fields):
        data = {"layout": "ucdp_ged", "status": "draft", **fields}
        data["file"] = SimpleUploadedFile("ged.csv", as_csv(rows).getvalue(), "text/csv")
        return client.post("/admin/incidents/incident/import/", data)

    dry = upload(rows, dry_run="on")
    assert dry.status_code == 200
    summary = dry.context["summary"]
    assert summary.counts == {"created": 2, "updated": 0, "unchanged": 0, "refused": 1}
    assert [row["outcome"].line for row in dry.context["shown"]] == [4, 2, 3]
    assert "low: “x” is not a whole number." in dry.content.decode()
    assert not Incident.objects.exists()

    refused = upload(rows)
    assert "Refused: nothing was written" in refused.content.decode()
    assert not Incident.objects.exists()

    written = upload(rows[:2])
    assert "Written as import" in written.content.decode()
    assert set(Incident.objects.values_list("status", flat=True)) == {"draft"}
    assert ImportRun.objects.get().user.username == "editor"

    not_csv = upload([{"id": "1"}])
    assert "header lacks type_of_violence" in not_csv.content.decode()


@pytest.mark.django_db
def test_only_users_who_may_add_incidents_reach_the_import_page(client):
    client.force_login(make_user("viewer", group="viewer"))
    assert client.get("/admin/incidents/incident/import/").status_code == 403
    client.force_login(make_user("reviewer", group="reviewer"))
    assert client.get("/admin/incidents/incident/import/").status_code == 403
    both = make_user("senior", group="editor")
    both.groups.add(Group.objects.get(name="reviewer"))
    client.force_login(both)
    page = client.get("/admin/incidents/incident/import/")
    assert [value for value, _label in page.context["form"].fields["status"].choices] == [
        "published",
        "draft",
    ]


@pytest.mark.django_db
def test_an_article_dated_on_no_such_day_refuses_its_row_not_the_import():
    row = syria_rows(1)[0]
    bad = {**row, "source_article": '"SOHR,2016-13-45,Clashes in Homs"'}

    summary = ucdp_import([bad])

    assert [(o.action, o.detail) for o in summary.outcomes] == [
        ("refused", "source_article: “2016-13-45” is not a date (YYYY-MM-DD).")
    ]


@pytest.mark.django_db
def test_long_acled_actor_and_place_names_make_a_title_that_fits():
    with ACLED_SAMPLE.open(encoding="utf-8") as stream:
        row = next(csv.DictReader(stream))
    long_row = {**row, "actor1": "A" * 200, "actor2": "B" * 200, "location": "C" * 200}

    summary = import_file(as_csv([long_row]), layout="acled", file_name="acled.csv")

    assert summary.counts["created"] == 1
    title = Incident.objects.get().title
    assert len(title) == 300 and title.startswith("Air/drone strike: AAA")
