"""Statistics are remembered until the data they count changes."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from incidents.models import CasualtyFigure
from incidents.statistics import data_version
from tests.incidents.test_imports import syria_rows, ucdp_import

STATS = "/api/stats/casualties/"


def totals(client, **params):
    response = client.get(STATS, {"group_by": "admin1", **params})
    assert response.status_code == 200
    return response.json()["results"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_totals_are_remembered_until_any_counted_row_changes(client):
    rows = syria_rows(3)
    ucdp_import(rows)
    first = totals(client)

    with CaptureQueriesContext(connection) as queries:
        again = totals(client)
    assert again == first
    assert not any("incidents_casualtyrow" in query["sql"] for query in queries.captured_queries)
    # Other filters are other totals.
    assert totals(client, outcome="injured") == []

    # A correction made anywhere, even by raw SQL, is counted at once.
    figure = CasualtyFigure.objects.filter(count_best__gt=0).first()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE incidents_casualtyfigure SET count_min = count_min + 1, "
            "count_best = count_best + 1, count_max = count_max + 1 WHERE id = %s",
            [figure.pk],
        )
        cursor.execute(
            "UPDATE incidents_casualtygroup SET count_min = count_min + 1, "
            "count_max = count_max + 1 WHERE id = (SELECT min(id) FROM "
            "incidents_casualtygroup WHERE figure_id = %s)",
            [figure.pk],
        )
    corrected = totals(client)
    assert sum(group["count_best"] for group in corrected) == (
        sum(group["count_best"] for group in first) + 1
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_there_is_no_version_while_another_transaction_that_may_write_is_open():
    import psycopg

    # Django's own parameters: on the private server the host is a socket
    # folder under var/, which the settings' HOST alone does not name.
    other = psycopg.connect(**connection.get_connection_params())
    assert data_version() is not None
    try:
        other.execute("SELECT txid_current()")  # it holds a transaction id: it may write
        # Had it written, its history events could commit below ids seen now.
        assert data_version() is None
    finally:
        other.rollback()
        other.close()
    assert data_version() is not None
