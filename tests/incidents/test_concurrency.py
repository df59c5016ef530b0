"""Two editors on one incident: every update lands in full or is refused."""

import threading

import pytest
from rest_framework.test import APIClient

from incidents.models import Incident
from tests.api_helpers import token_client


def plain_client(username):
    """A client that sends only the headers a test gives it."""
    token = token_client(username)._credentials["HTTP_AUTHORIZATION"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=token)
    return client


def test_reads_carry_the_version_as_an_etag(world, editor):
    incident = world.save()
    client = plain_client("editor")

    response = client.get(f"/api/incidents/{incident.pk}/")

    assert response["ETag"] == '"1"'
    assert response.json()["version"] == 1


def test_an_update_without_if_match_gets_428_and_changes_nothing(world, editor):
    incident = world.save()

    response = plain_client("editor").patch(
        f"/api/incidents/{incident.pk}/", {"title": "Changed"}, format="json"
    )

    assert response.status_code == 428
    assert Incident.objects.get(pk=incident.pk).title == incident.title


def test_an_update_with_a_stale_etag_gets_412_and_changes_nothing(world, editor):
    incident = world.save()
    client = plain_client("editor")
    url = f"/api/incidents/{incident.pk}/"
    first = client.patch(url, {"title": "First"}, format="json", HTTP_IF_MATCH='"1"')

    stale = client.patch(url, {"title": "Second"}, format="json", HTTP_IF_MATCH='"1"')

    assert first.status_code == 200 and first["ETag"] == '"2"'
    assert stale.status_code == 412
    assert stale.json() == {
        "detail": "The incident has changed since you read it (it is now at "
        "version 2); read it again and reapply your change."
    }
    assert Incident.objects.get(pk=incident.pk).title == "First"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_updates_land_in_full_or_not_at_all(world, editor):
    from django.apps import apps
    from django.db import connections

    incident = world.save()
    url = f"/api/incidents/{incident.pk}/"
    client = plain_client("editor")
    etag = client.get(url)["ETag"]
    results = []
    barrier = threading.Barrier(6)

    def edit(number):
        try:
            mine = plain_client("editor")
            barrier.wait()
            response = mine.patch(
                url,
                {
                    "title": f"Edit {number}",
                    "casualty_figures": [{**_figure(incident), "count_min": 19, "count_max": 19}],
                },
                format="json",
                HTTP_IF_MATCH=etag,
            )
            results.append((number, response.status_code))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=edit, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    codes = sorted(code for _number, code in results)
    assert codes == [200, 412, 412, 412, 412, 412]
    winner = next(number for number, code in results if code == 200)
    incident.refresh_from_db()
    assert (incident.title, incident.version) == (f"Edit {winner}", 2)
    events = apps.get_model("incidents", "IncidentEvent").objects.filter(
        pgh_obj_id=incident.pk, pgh_label="update"
    )
    assert [event.title for event in events] == [f"Edit {winner}"]


def _figure(incident):
    figure = incident.casualty_figures.get()
    return {
        "id": figure.pk,
        "report": figure.report_id,
        "outcome": "killed",
        "breakdown_complete": True,
        "quote": figure.quote,
    }
