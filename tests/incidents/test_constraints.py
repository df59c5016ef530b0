"""The database holds the rules by itself: raw SQL that breaks one fails."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError

from incidents.models import CasualtyFigure


@pytest.fixture
def stored(world):
    incident = world.save()
    figure = incident.casualty_figures.get()
    return {
        "incident": incident,
        "figure": figure,
        "line": figure.breakdown.order_by("id").first(),
        "world": world,
    }


def run_sql(sql, params=()):
    """Run ``sql`` and check deferred constraints at once, as COMMIT would."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


@pytest.mark.parametrize(
    ("table", "assignment", "constraint"),
    [
        (
            "incidents_casualtyfigure",
            "count_min = -1, count_best = -1, count_max = -1",
            "incidents_figure_counts_not_negative",
        ),
        ("incidents_casualtyfigure", "count_max = 18", "incidents_figure_counts_ordered"),
        (
            "incidents_casualtyfigure",
            "count_min = NULL, breakdown_complete = false",
            "incidents_figure_min_when_counted",
        ),
        ("incidents_casualtyfigure", "outcome = 'dead'", "incidents_figure_outcome_valid"),
        ("incidents_casualtyfigure", "quote = ''", "incidents_figure_quote_not_empty"),
        ("incidents_casualtygroup", "count_max = 2", "incidents_group_counts_ordered"),
        ("incidents_casualtygroup", "count_min = -11", "incidents_group_counts_not_negative"),
        ("incidents_casualtygroup", "nationalities = '{sy}'", "incidents_group_nationalities_iso"),
        ("incidents_casualtygroup", "nationalities = '{S1}'", "incidents_group_nationalities_iso"),
        (
            "incidents_casualtygroup",
            "nationality_basis = 'unknown'",
            "incidents_group_basis_matches_nationalities",
        ),
        (
            "incidents_casualtygroup",
            "nationalities = '{}'",
            "incidents_group_basis_matches_nationalities",
        ),
        (
            "incidents_casualtygroup",
            "excluded_nationality = 'SY'",
            "incidents_group_excluded_not_included",
        ),
        (
            "incidents_casualtygroup",
            "combatant_status = 'soldier'",
            "incidents_group_combatant_status_valid",
        ),
        ("incidents_incident", "date_end = date_start - 1", "incidents_incident_dates_ordered"),
        (
            "incidents_incident",
            "date_start = current_date + 30, date_end = current_date + 30",
            "incidents_incident_not_future",
        ),
        ("incidents_incident", "status = 'approved'", "incidents_incident_status_valid"),
        ("incidents_incident", "incident_type = 'massacre'", "incidents_incident_type_valid"),
        ("incidents_place", "latitude = 95, longitude = 40", "incidents_place_coordinates_valid"),
        ("incidents_place", "latitude = 35, longitude = NULL", "incidents_place_coordinates_valid"),
        ("incidents_place", "latitude = NULL, longitude = 40", "incidents_place_coordinates_valid"),
        ("incidents_place", "country = 'sy'", "incidents_place_country_iso"),
        ("sources_report", "language = 'Arabic'", "sources_report_language_code"),
        (
            "sources_report",
            "published_on = current_date + 30",
            "sources_report_published_not_future",
        ),
        ("sources_source", "kind = 'blog'", "sources_source_kind_valid"),
    ],
)
def test_a_raw_update_that_breaks_a_rule_fails(stored, table, assignment, constraint):
    with pytest.raises(IntegrityError, match=constraint):
        run_sql(f"UPDATE {table} SET {assignment}")


def test_a_raw_insert_of_a_negative_figure_fails(stored):
    figure = stored["figure"]
    with pytest.raises(IntegrityError, match="incidents_figure_counts_not_negative"):
        run_sql(
            "INSERT INTO incidents_casualtyfigure (created_at, updated_at, incident_id, "
            "report_id, outcome, count_min, count_best, count_max, breakdown_complete, quote) "
            "VALUES (now(), now(), %s, %s, 'killed', -3, NULL, NULL, false, 'x')",
            [figure.incident_id, figure.report_id],
        )


def test_raw_sql_cannot_store_a_breakdown_that_does_not_add_up(stored):
    with pytest.raises(IntegrityError, match=r"adds up to 18 .* but the figure says 19"):
        run_sql(
            "UPDATE incidents_casualtygroup SET count_min = 10, count_max = 10 WHERE id = %s",
            [stored["line"].pk],
        )


def test_raw_sql_cannot_raise_a_figure_above_its_complete_breakdown(stored):
    with pytest.raises(IntegrityError, match=r"incidents_breakdown_adds_up|adds up to 19"):
        run_sql(
            "UPDATE incidents_casualtyfigure SET count_min = 20, count_best = 20, "
            "count_max = 20 WHERE id = %s",
            [stored["figure"].pk],
        )


def test_raw_sql_may_change_a_figure_and_its_lines_together(stored):
    figure, line = stored["figure"], stored["line"]

    run_sql(
        "UPDATE incidents_casualtyfigure SET count_min = 20, count_best = 20, count_max = 20 "
        "WHERE id = %s; UPDATE incidents_casualtygroup SET count_min = 12, count_max = 12 "
        "WHERE id = %s",
        [figure.pk, line.pk],
    )

    figure.refresh_from_db()
    assert figure.count_best == 20


def test_an_incident_cannot_be_linked_to_itself_in_the_database(stored):
    incident = stored["incident"]
    with pytest.raises(IntegrityError, match="incidents_relation_not_to_itself"):
        run_sql(
            "INSERT INTO incidents_incidentrelation (created_at, updated_at, from_incident_id, "
            "to_incident_id, relation) VALUES (now(), now(), %s, %s, 'follows')",
            [incident.pk, incident.pk],
        )


def test_two_reports_cannot_share_a_url_but_many_may_have_none(world):
    from tests.factories import make_report

    make_report(world.alaraby, title="First", url="")
    make_report(world.alaraby, title="Second", url="")
    with pytest.raises(IntegrityError, match="sources_report_url_unique"):
        run_sql(
            "INSERT INTO sources_report (created_at, updated_at, source_id, title, url, "
            "language, text, archive_url) VALUES (now(), now(), %s, 't', %s, 'ar', '', ''), "
            "(now(), now(), %s, 'u', %s, 'ar', '', '')",
            [world.alaraby.pk, "https://example.org/a", world.alaraby.pk, "https://example.org/a"],
        )


@pytest.mark.parametrize(
    ("table", "row"),
    [("sources_source", "sohr"), ("sources_report", "report"), ("incidents_actor", "militias")],
)
def test_evidence_cannot_be_deleted_by_raw_sql(stored, table, row):
    target = getattr(stored["world"], row)
    with pytest.raises(IntegrityError, match="violates foreign key constraint"):
        run_sql(f"DELETE FROM {table} WHERE id = %s", [target.pk])


@pytest.mark.parametrize("row", ["sohr", "report", "militias", "regime"])
def test_evidence_cannot_be_deleted_through_django(stored, row):
    with pytest.raises(ProtectedError):
        getattr(stored["world"], row).delete()


def test_a_source_without_evidence_can_be_deleted(world):
    from tests.factories import make_source

    unused = make_source("Unused outlet", kind="news_outlet")

    unused.delete()

    assert not type(unused).objects.filter(name="Unused outlet").exists()


def test_figures_go_with_their_incident(stored):
    stored["incident"].delete()
    assert not CasualtyFigure.objects.exists()
