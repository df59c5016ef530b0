"""Every CSV export neutralises cells a spreadsheet would run as formulas."""

import csv
import io
import re

import pytest
from django.db import connection
from rest_framework.test import APIClient

from core.api.csv import csv_safe
from core.text import fold
from incidents.services import incident_save
from tests.factories import make_place, make_report, make_source

PAYLOADS = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR", "\nLF"]


def read(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8").removeprefix("\ufeff")
    return list(csv.reader(io.StringIO(body)))


@pytest.fixture
def poisoned(world):
    """Rows whose free text starts with every formula trigger."""
    report = make_report(world.sohr, title=PAYLOADS[0], text="=cmd| /C calc!A0 killed 3")
    place = make_place(PAYLOADS[1], admin1=PAYLOADS[2])
    make_source(PAYLOADS[3], kind="other")
    incident_save(
        user=None,
        allow_status=True,
        data={
            "title": PAYLOADS[4],
            "description": "",
            "incident_type": "other",
            "date_start": "2023-01-01",
            "place": place,
            "status": "published",
            "date_note": PAYLOADS[5],
            "citations": [{"report": report, "quote": "=cmd| /C calc!A0"}],
            "casualty_figures": [
                {
                    "report": report,
                    "outcome": "killed",
                    "count_min": 3,
                    "count_max": 3,
                    "quote": "=cmd| /C calc!A0",
                }
            ],
        },
    )
    return report


def cells(rows):
    return [cell for row in rows[1:] for cell in row]


@pytest.mark.parametrize(
    "url",
    [
        "/api/casualties/?format=csv",
        "/api/incidents/?format=csv",
        "/api/reports/?format=csv",
        "/api/sources/?format=csv",
        "/api/places/?format=csv",
        "/api/stats/casualties/?format=csv&group_by=admin1",
    ],
)
def test_no_exported_cell_starts_a_formula(poisoned, url):
    rows = read(APIClient().get(url))

    dangerous = [cell for cell in cells(rows) if cell[:1] in ("=", "+", "-", "@", "\t", "\r", "\n")]
    assert dangerous == []
    assert any(cell.startswith("'") for cell in cells(rows)), "the payloads were exported"


def test_the_casualty_csv_keeps_the_neutralised_text_readable(poisoned):
    rows = read(APIClient().get("/api/casualties/?format=csv"))
    header, row = rows[0], rows[1]
    record = dict(zip(header, row, strict=True))

    assert record["incident_title"] == "'\tTAB"
    assert record["report_title"] == "'" + PAYLOADS[0]
    assert record["quote"] == "'=cmd| /C calc!A0"
    assert record["place"] == "'+1+1"
    assert record["admin1"] == "'-2+3"
    assert record["count_min"] == "3"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1", "'=1"),
        ("-", "'-"),
        ("plain", "plain"),
        ("", ""),
        (None, None),
        (-3, -3),
        (True, "true"),
    ],
)
def test_csv_safe(value, expected):
    assert csv_safe(value) == expected


@pytest.mark.parametrize(
    "text",
    [
        "ما أسفر عن مقتل 19 عنصراً",
        "الأميركيّة  والإيرانية\nآذار",
        "«قسد» “SDF” — ‘x’",
        "ٱلرحمٰن مستشفى",
        "Ａ full-width ＳＤＦ",
        "Straße in STRAẞE, Ägypten",
        "ÉCOLE Öl İstanbul",
    ],
)
def test_the_database_folds_text_exactly_as_python_does(db, text):
    # Case included: a database whose character type is not Unicode-aware
    # would lower only ASCII letters and fail here.
    with connection.cursor() as cursor:
        cursor.execute("SELECT incidents_fold(%s)", [text])
        assert cursor.fetchone()[0] == fold(text)


def test_the_readme_documents_every_casualty_column_in_order():
    from django.conf import settings

    from incidents.exports import CASUALTY_HEADER

    readme = (settings.BASE_DIR / "README.md").read_text(encoding="utf-8")
    table = readme.split("Its columns, in this order:")[1].split("The incidents CSV")[0]
    documented = [
        name
        for line in table.splitlines()
        if line.startswith("| `")
        for name in re.findall(r"`([a-z_0-9]+)`", line.split("|")[1])
    ]
    assert documented == CASUALTY_HEADER
