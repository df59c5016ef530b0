from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from incidents.models import CasualtyFigure, CasualtyGroup, Citation, Incident
from incidents.services import incident_save


def refusal(callable_, *args, **kwargs) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        callable_(*args, **kwargs)
    return caught.value.message_dict


def test_it_saves_the_nineteen_killed_with_three_lines_in_one_call(world, editor):
    incident = world.save(user=editor)

    figure = incident.casualty_figures.get()
    assert (figure.count_min, figure.count_best, figure.count_max) == (19, 19, 19)
    assert figure.attributed_to == world.sohr
    assert figure.report == world.report
    assert [
        (line.count_min, line.nationalities, line.nationality_basis, line.excluded_nationality)
        for line in figure.breakdown.order_by("id")
    ] == [(11, ["SY"], "stated", ""), (3, ["SY"], "inferred", ""), (5, [], "stated", "SY")]
    assert incident.created_by == editor
    assert figure.created_by == editor
    assert figure.breakdown.filter(created_by=editor).count() == 3
    assert incident.actor_links.count() == 2
    assert incident.citations.get().attributed_to == world.sohr


def test_it_refuses_a_breakdown_of_18_for_a_figure_of_19_and_writes_nothing(world):
    payload = world.payload()
    payload["casualty_figures"][0]["breakdown"] = world.lines(last_line_count=4)

    errors = refusal(incident_save, user=None, data=payload)

    assert errors == {
        "casualty_figures[0].breakdown": ["The breakdown adds up to 18 but the figure says 19."]
    }
    assert Incident.objects.count() == 0
    assert CasualtyGroup.objects.count() == 0


def test_it_names_the_path_of_a_bad_line_count(world):
    payload = world.payload()
    payload["casualty_figures"][0]["breakdown"][2]["count_min"] = -5
    payload["casualty_figures"][0]["breakdown"][2]["count_max"] = -5

    errors = refusal(incident_save, user=None, data=payload)

    assert errors["casualty_figures[0].breakdown[2].count_min"] == [
        "A count cannot be negative (-5)."
    ]


def test_it_refuses_a_quote_that_is_not_in_the_report(world):
    payload = world.payload()
    payload["casualty_figures"][0]["quote"] = "ما أسفر عن مقتل 20 عنصراً"

    errors = refusal(incident_save, user=None, data=payload)

    assert errors == {
        "casualty_figures[0].quote": [
            "This quote is not in the text of the report \u201cDeir ez-Zor report\u201d. "
            "Copy the words exactly as the report has them."
        ]
    }


def test_it_finds_a_quote_typed_without_diacritics_and_with_other_letter_forms(world):
    payload = world.payload()
    # The report has "مقتل 19 عنصراً" (with tanwin) and "الأميركية" (hamza on alef).
    payload["casualty_figures"][0]["quote"] = "ما اسفر   عن مقتل 19 عنصرا"
    payload["citations"][0]["quote"] = "استهدفت الطائرات الاميركيه"

    incident = incident_save(user=None, data=payload)

    assert incident.casualty_figures.count() == 1


def test_it_requires_a_quote_for_every_figure_and_citation(world):
    payload = world.payload()
    payload["casualty_figures"][0]["quote"] = ""
    payload["citations"][0]["quote"] = "  "

    errors = refusal(incident_save, user=None, data=payload)

    assert errors["casualty_figures[0].quote"] == ["This field cannot be blank."]
    assert "citations[0].quote" in errors


def test_it_reports_every_problem_at_once(world):
    payload = world.payload(date_start=date(2023, 3, 20), date_end=date(2023, 3, 14))
    payload["casualty_figures"][0]["count_best"] = 25

    errors = refusal(incident_save, user=None, data=payload)

    assert errors["date_end"] == ["The last day (2023-03-14) is before the first day (2023-03-20)."]
    assert errors["casualty_figures[0].count_best"] == [
        "The best estimate (25) is above the highest count (19)."
    ]


def test_it_refuses_a_date_in_the_future(world):
    next_week = timezone.now().date() + timedelta(days=7)

    errors = refusal(
        incident_save, user=None, data=world.payload(date_start=next_week, date_end=next_week)
    )

    assert errors["date_start"] == [f"{next_week.isoformat()} is in the future."]


def test_it_fills_the_last_day_and_the_best_count_of_a_single_number(world):
    payload = world.payload(date_end=None)
    payload["casualty_figures"][0]["count_best"] = None

    incident = incident_save(user=None, data=payload)

    assert incident.date_end == date(2023, 3, 14)
    assert incident.casualty_figures.get().count_best == 19


def test_it_keeps_a_casualty_reported_without_a_number(world):
    payload = world.payload()
    payload["casualty_figures"] = [
        {
            "report": world.report,
            "outcome": "injured",
            "count_min": None,
            "count_best": None,
            "count_max": None,
            "breakdown_complete": False,
            "quote": "مقتل 19",
            "breakdown": [],
        },
    ]

    figure = incident_save(user=None, data=payload).casualty_figures.get()

    assert (figure.count_min, figure.count_best, figure.count_max) == (None, None, None)
    assert figure.count_display() == "no number"


def test_a_figure_without_a_number_cannot_have_a_complete_breakdown(world):
    payload = world.payload()
    payload["casualty_figures"][0].update(count_min=None, count_best=None, count_max=None)

    errors = refusal(incident_save, user=None, data=payload)

    assert errors["casualty_figures[0].breakdown_complete"] == [
        "A figure without a number cannot have a complete breakdown."
    ]


def test_an_incomplete_breakdown_may_not_count_more_than_the_figure(world):
    payload = world.payload()
    payload["casualty_figures"][0].update(
        count_min=10, count_best=None, count_max=12, breakdown_complete=False
    )

    errors = refusal(incident_save, user=None, data=payload)

    assert errors == {
        "casualty_figures[0].breakdown": [
            "The breakdown already counts 19 people but the figure says 12 people."
        ]
    }


def test_a_complete_breakdown_with_open_lines_may_reach_the_figure(world):
    payload = world.payload()
    lines = world.lines()
    lines[0]["count_max"] = None  # "at least 11 Syrians"
    payload["casualty_figures"][0]["breakdown"] = lines
    payload["casualty_figures"][0].update(count_min=19, count_best=22, count_max=30)

    figure = incident_save(user=None, data=payload).casualty_figures.get()

    assert figure.breakdown.count() == 3


def test_a_range_with_a_best_count_must_add_up_to_the_best_count(world):
    payload = world.payload()
    payload["casualty_figures"][0].update(count_min=18, count_best=20, count_max=23)

    errors = refusal(incident_save, user=None, data=payload)

    assert errors["casualty_figures[0].breakdown"] == [
        "The breakdown adds up to 19 but the figure says 20."
    ]


def test_it_refuses_a_stated_nationality_without_a_country(world):
    payload = world.payload()
    payload["casualty_figures"][0]["breakdown"][0]["nationalities"] = []

    errors = refusal(incident_save, user=None, data=payload)

    assert errors["casualty_figures[0].breakdown[0].nationalities"] == [
        "Name the nationality (or the excluded one), or set the basis to unknown."
    ]


def test_an_unknown_nationality_names_no_country(world):
    payload = world.payload()
    payload["casualty_figures"][0]["breakdown"][1]["nationality_basis"] = "unknown"

    errors = refusal(incident_save, user=None, data=payload)

    assert "casualty_figures[0].breakdown[1].nationality_basis" in errors


def test_it_refuses_a_code_that_is_not_a_country(world):
    payload = world.payload()
    payload["casualty_figures"][0]["breakdown"][0]["nationalities"] = ["SY", "XX"]

    errors = refusal(incident_save, user=None, data=payload)

    assert errors["casualty_figures[0].breakdown[0].nationalities"] == [
        "XX: not an ISO 3166 country code."
    ]


def test_it_stores_country_codes_in_capitals(world):
    payload = world.payload()
    payload["casualty_figures"][0]["breakdown"][0]["nationalities"] = ["sy"]

    incident = incident_save(user=None, data=payload)

    assert incident.casualty_figures.get().breakdown.order_by("id")[0].nationalities == ["SY"]


def test_an_excluded_nationality_cannot_also_be_included(world):
    payload = world.payload()
    payload["casualty_figures"][0]["breakdown"][2]["nationalities"] = ["SY"]

    errors = refusal(incident_save, user=None, data=payload)

    assert errors["casualty_figures[0].breakdown[2].excluded_nationality"] == [
        "SY cannot be both included and excluded."
    ]


def test_an_update_replaces_the_lines_it_is_given(world, editor):
    incident = world.save()
    figure = incident.casualty_figures.get()
    first, second, third = figure.breakdown.order_by("id")

    incident_save(
        user=editor,
        incident=incident,
        data={
            "casualty_figures": [
                {
                    "id": figure.pk,
                    "report": world.report,
                    "outcome": "killed",
                    "count_min": 14,
                    "count_best": 14,
                    "count_max": 14,
                    "breakdown_complete": True,
                    "quote": figure.quote,
                    "breakdown": [
                        {
                            "id": first.pk,
                            "count_min": 11,
                            "count_max": 11,
                            "nationalities": ["SY"],
                            "nationality_basis": "stated",
                            "affiliation": world.militias,
                            "combatant_status": "combatant",
                        },
                        {
                            "id": second.pk,
                            "count_min": 3,
                            "count_max": 3,
                            "nationalities": ["SY"],
                            "nationality_basis": "inferred",
                            "affiliation": world.regime,
                            "combatant_status": "combatant",
                        },
                    ],
                },
            ]
        },
    )

    figure.refresh_from_db()
    assert figure.count_min == 14
    assert figure.updated_by == editor
    assert list(figure.breakdown.values_list("id", flat=True).order_by("id")) == [
        first.pk,
        second.pk,
    ]
    assert not CasualtyGroup.objects.filter(pk=third.pk).exists()
    # Unchanged rows keep their stamps: history must not show edits nobody made.
    first.refresh_from_db()
    assert first.updated_by is None
    # Lists that were not sent are left alone.
    assert incident.citations.count() == 1


def test_it_refuses_to_update_a_row_of_another_incident(world):
    incident = world.save()
    other = world.save(title="Another incident")
    foreign_citation = other.citations.get()

    errors = refusal(
        incident_save,
        user=None,
        incident=incident,
        data={
            "citations": [
                {"id": foreign_citation.pk, "report": world.report, "quote": foreign_citation.quote}
            ]
        },
    )

    assert errors == {
        "citations[0].id": [f"citation {foreign_citation.pk} does not belong to this incident."]
    }
    assert Citation.objects.filter(incident=other).count() == 1


def test_a_changed_figure_must_still_fit_its_stored_breakdown(world):
    incident = world.save()
    figure = incident.casualty_figures.get()

    errors = refusal(
        incident_save,
        user=None,
        incident=incident,
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
                },
            ]
        },
    )

    assert errors == {
        "casualty_figures[0].breakdown": ["The breakdown adds up to 19 but the figure says 20."]
    }
    figure.refresh_from_db()
    assert figure.count_min == 19


def test_it_refuses_the_same_actor_twice_in_the_same_role(world):
    payload = world.payload()
    payload["actors"].append({"actor": world.us, "role": "perpetrator"})

    errors = refusal(incident_save, user=None, data=payload)

    assert errors == {"actors[2]": ["Repeats actors[0]: the same actor and role."]}


def test_it_links_incidents_but_not_an_incident_to_itself(world):
    attack = world.save(title="Drone attack near Hasakah")
    strikes = world.save(relations=[{"to_incident": attack, "relation": "retaliation_for"}])

    assert strikes.relations_out.get().to_incident == attack

    errors = refusal(
        incident_save,
        user=None,
        incident=strikes,
        data={"relations": [{"to_incident": strikes, "relation": "follows"}]},
    )
    assert errors == {"relations[0].to_incident": ["An incident cannot be linked to itself."]}


def test_a_report_text_cannot_change_under_its_quotes(world):
    from sources.services import report_save

    world.save()

    errors = refusal(
        report_save, user=None, report=world.report, data={"text": "نص آخر لا يحتوي الاقتباس"}
    )

    assert errors["text"][0].startswith("2 quotes taken from this report would no longer be")
    world.report.refresh_from_db()
    assert "مقتل 19" in world.report.text


def test_deleting_an_incident_takes_its_figures_but_never_its_evidence(world):
    incident = world.save()

    incident.delete()

    assert CasualtyFigure.objects.count() == 0
    world.report.refresh_from_db()
    world.sohr.refresh_from_db()
