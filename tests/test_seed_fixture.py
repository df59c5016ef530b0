"""The demo fixture holds the seed report as the reading in shared/seed/ has it."""

from datetime import date

import pytest
from django.conf import settings
from django.core.management import call_command

from core.text import contains_quote
from incidents.models import CasualtyFigure, Incident, IncidentRelation
from sources.models import Report, Source

ARTICLE = settings.BASE_DIR.parent / "shared" / "seed" / "deir-ez-zor-article.ar.txt"


@pytest.fixture
def seed(db):
    call_command("load_demo", verbosity=0)


def figure(incident_title_start: str, outcome: str) -> CasualtyFigure:
    return CasualtyFigure.objects.get(
        incident__title__startswith=incident_title_start, outcome=outcome
    )


def lines(figure):
    return [
        (
            line.count_min,
            line.count_max,
            line.nationalities,
            line.nationality_basis,
            line.excluded_nationality,
            line.affiliation.name,
            line.combatant_status,
        )
        for line in figure.breakdown.order_by("id")
    ]


def test_it_holds_the_four_sources_and_the_report_with_its_arabic_text(seed):
    assert sorted(Source.objects.values_list("name", "kind")) == [
        ("Abu Omar al-Bukamali", "witness"),
        ("Al-Araby Al-Jadeed", "news_outlet"),
        ("Nedaa Post", "news_outlet"),
        ("Syrian Observatory for Human Rights", "monitoring_group"),
    ]
    report = Report.objects.get()
    assert report.source.name == "Al-Araby Al-Jadeed"
    assert report.language == "ar"
    if ARTICLE.exists():
        assert report.text == ARTICLE.read_text(encoding="utf-8")
    assert "ما أسفر عن مقتل 19 عنصراً" in report.text


def test_the_19_killed_are_11_stated_syrians_3_inferred_and_5_non_syrians(seed):
    killed = figure("US airstrikes on Iranian militia positions", "killed")

    assert (killed.count_min, killed.count_best, killed.count_max) == (19, 19, 19)
    assert killed.breakdown_complete
    assert killed.report.source.name == "Al-Araby Al-Jadeed"
    assert killed.attributed_to.name == "Syrian Observatory for Human Rights"
    assert lines(killed) == [
        (11, 11, ["SY"], "stated", "", "Iran-backed militias", "combatant"),
        (3, 3, ["SY"], "inferred", "", "Syrian regime forces", "combatant"),
        (5, 5, [], "stated", "SY", "Iran-backed militias", "combatant"),
    ]
    assert sum(line[0] for line in lines(killed)) == 19
    incident = killed.incident
    assert (incident.date_start, incident.date_end) == (date(2023, 3, 14), date(2023, 3, 14))
    assert incident.date_precision == "day"
    assert incident.year_inferred


def test_the_drone_attack_killed_a_contractor_and_wounded_one_plus_five(seed):
    killed = figure("Drone attack on a US military site", "killed")
    injured = figure("Drone attack on a US military site", "injured")

    assert lines(killed) == [
        (1, 1, ["US"], "stated", "", "United States Armed Forces", "contractor")
    ]
    assert (injured.count_min, injured.count_max) == (6, 6)
    assert lines(injured) == [
        (1, 1, ["US"], "inferred", "", "United States Armed Forces", "contractor"),
        (5, 5, ["US"], "inferred", "", "United States Armed Forces", "combatant"),
    ]
    assert killed.attributed_to is None  # Al-Araby reports the attack itself


def test_dead_and_wounded_without_a_number_is_neither_zero_nor_missing(seed):
    killed = figure("Coalition airstrikes on Iranian militia positions in Jdeid", "killed")
    injured = figure("Coalition airstrikes on Iranian militia positions in Jdeid", "injured")

    for reported in (killed, injured):
        assert (reported.count_min, reported.count_best, reported.count_max) == (None, None, None)
        assert reported.quote == "ما أسفر عن وقوع قتلى وجرحى"
    strikes = killed.incident
    assert (strikes.date_start, strikes.date_end) == (date(2023, 4, 1), date(2023, 4, 10))
    assert "الثلث الأول" in strikes.date_note


def test_the_two_retaliation_links(seed):
    assert sorted(
        IncidentRelation.objects.values_list(
            "from_incident__title", "relation", "to_incident__title"
        )
    ) == [
        (
            "Coalition airstrikes on Iranian militia positions in Jdeid Ekeidat",
            "retaliation_for",
            "Rockets fired from Iranian militia positions at the Conoco and al-Omar bases",
        ),
        (
            "US airstrikes on Iranian militia positions in the desert of Mayadin and Albukamal",
            "retaliation_for",
            "Drone attack on a US military site near Hasakah",
        ),
    ]


def test_every_incident_of_the_reading_and_none_of_the_background(seed):
    assert Incident.objects.count() == 12
    assert sorted(Incident.objects.values_list("incident_type", flat=True)) == sorted(
        ["military_exercise"] * 3
        + ["troop_movement"] * 3
        + ["crash", "shelling_missile_rocket", "airstrike", "airstrike", "drone_strike", "other"]
    )
    # Background (Baghouz fell in 2019) and the political paragraphs are not incidents.
    assert not Incident.objects.filter(date_start__year=2019).exists()
    assert not Source.objects.get(name="Nedaa Post").attributed_citations.exists()
    # A drone crash with no casualties: a citation but no figure.
    crash = Incident.objects.get(incident_type="crash")
    assert crash.casualty_figures.count() == 0
    assert crash.citations.get().attributed_to.name == "Syrian Observatory for Human Rights"


def test_every_quote_is_in_the_report_and_every_incident_is_cited(seed):
    report = Report.objects.get()
    for incident in Incident.objects.all():
        assert incident.citations.exists(), incident.title
    quotes = list(report.citations.values_list("quote", flat=True))
    quotes += list(report.casualty_figures.values_list("quote", flat=True))
    assert len(quotes) == 19
    assert all(contains_quote(report.text, quote) for quote in quotes)


def test_loading_twice_changes_nothing(seed):
    counts = (Incident.objects.count(), CasualtyFigure.objects.count(), Source.objects.count())

    call_command("load_demo", verbosity=0)

    assert (
        Incident.objects.count(),
        CasualtyFigure.objects.count(),
        Source.objects.count(),
    ) == counts
