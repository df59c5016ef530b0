"""Who may do what on every endpoint, and how API tokens behave."""

import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from incidents.models import Incident
from tests.api_helpers import PASSWORD, make_viewer, token_client
from tests.factories import make_user

LISTS = ("incidents", "casualties", "sources", "reports", "actors", "places")
WRITABLE = {
    "sources": {"name": "New outlet", "kind": "news_outlet"},
    "actors": {"name": "New militia", "kind": "militia"},
    "places": {"name": "Albukamal", "country": "SY", "admin1": "Deir ez Zor Governorate"},
}


@pytest.fixture
def seed(db):
    call_command("load_demo", verbosity=0)


def anonymous():
    return APIClient()


def session_client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


# The seed loaded by load_demo: every incident published, so every role reads
# the same rows (drafts are in test_public_visibility).
SEED_ROWS = {
    "incidents": 12,
    "casualties": 8,
    "sources": 4,
    "reports": 1,
    "actors": 8,
    "places": 8,
}


@pytest.mark.parametrize("resource", LISTS)
def test_everyone_reads_the_lists(seed, resource):
    make_user("editor")
    clients = {
        "anonymous": anonymous(),
        "viewer": session_client(make_viewer()),
        "editor": token_client("editor"),
    }
    seen = {}
    for role, client in clients.items():
        response = client.get(f"/api/{resource}/", {"page_size": 100})
        assert response.status_code == 200, role
        key = "row_id" if resource == "casualties" else "id"
        seen[role] = sorted(row[key] for row in response.json()["results"])
    assert len(seen["anonymous"]) == SEED_ROWS[resource]
    assert seen["viewer"] == seen["editor"] == seen["anonymous"]


@pytest.mark.parametrize("resource", sorted(WRITABLE))
def test_only_editors_write(seed, resource):
    make_user("editor")
    payload = WRITABLE[resource]

    assert anonymous().post(f"/api/{resource}/", payload, format="json").status_code == 401
    viewer = session_client(make_viewer())
    assert viewer.post(f"/api/{resource}/", payload, format="json").status_code == 403
    created = token_client("editor").post(f"/api/{resource}/", payload, format="json")
    assert created.status_code == 201, created.json()
    assert {key: created.json()[key] for key in payload} == payload


def test_only_editors_change_and_delete_incidents(seed):
    make_user("editor")
    incident = Incident.objects.get(incident_type="crash")
    url = f"/api/incidents/{incident.pk}/"
    viewer = session_client(make_viewer())

    assert anonymous().patch(url, {"title": "x"}, format="json").status_code == 401
    assert viewer.patch(url, {"title": "x"}, format="json").status_code == 403
    assert viewer.delete(url).status_code == 403
    editor = token_client("editor")
    changed = editor.patch(
        url,
        {"title": "Drone crash near al-Shamiya"},
        format="json",
        HTTP_X_CHANGE_REASON="More precise title",
    )
    assert changed.status_code == 200
    assert changed.json()["title"] == "Drone crash near al-Shamiya"
    assert changed.json()["updated_by"] == "editor"
    refused = editor.delete(url)
    assert refused.status_code == 400
    assert refused.json() == {
        "status": ["Only drafts can be deleted; retract a published incident instead."]
    }
    Incident.objects.filter(pk=incident.pk).update(status="draft")
    assert editor.delete(url).status_code == 204
    assert not Incident.objects.filter(pk=incident.pk).exists()


def test_the_casualty_rows_and_statistics_are_read_only(seed):
    make_user("editor")
    editor = token_client("editor")

    assert editor.post("/api/casualties/", {}, format="json").status_code == 405
    assert editor.post("/api/stats/casualties/", {}, format="json").status_code == 405


def test_a_token_is_stored_hashed_and_can_be_revoked(db):
    make_user("editor")
    response = APIClient().post(
        "/api/auth/token/", {"username": "editor", "password": PASSWORD}, format="json"
    )
    token = response.json()["token"]

    assert set(response.json()) == {"token", "expiry"}
    stored = AuthToken.objects.get()
    assert token not in (stored.digest, stored.token_key)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.post("/api/sources/", WRITABLE["sources"], format="json").status_code == 201
    assert client.post("/api/auth/logout/").status_code == 204
    assert (
        client.post("/api/sources/", {"name": "Other", "kind": "ngo"}, format="json").status_code
        == 401
    )


def test_an_expired_token_is_refused(db):
    make_user("editor")
    client = token_client("editor")
    AuthToken.objects.update(expiry=timezone.now() - timedelta(minutes=1))

    assert client.post("/api/sources/", WRITABLE["sources"], format="json").status_code == 401


def test_wrong_credentials_get_no_token(db):
    make_user("editor")
    response = APIClient().post(
        "/api/auth/token/", {"username": "editor", "password": "guess"}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Unable to log in with provided credentials."]}


def test_a_token_dies_when_its_user_s_password_changes(db):
    user = make_user("editor")
    client = token_client("editor")
    assert client.post("/api/sources/", WRITABLE["sources"], format="json").status_code == 201

    user.set_password("a new and different passphrase")
    user.save()
    response = client.post("/api/sources/", {"name": "Other", "kind": "ngo"}, format="json")

    assert response.status_code == 401
    assert response.json() == {
        "detail": "This token was issued before the account's password changed; ask for a new one."
    }


# Committed, as in production: a refusal rolls a test's own transaction back.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_token_endpoint_locks_out_after_ten_wrong_passwords():
    make_user("editor")
    client = APIClient()

    wrong = [
        client.post(
            "/api/auth/token/", {"username": "editor", "password": f"guess {n}"}, format="json"
        ).status_code
        for n in range(10)
    ]
    locked = client.post(
        "/api/auth/token/", {"username": "editor", "password": PASSWORD}, format="json"
    )

    # Refused as wrong until the tenth wrong password locks the account.
    assert wrong == [400] * 9 + [429]
    assert locked.status_code == 429
    assert locked["Retry-After"] == "900"
    assert locked.json() == {
        "detail": "Too many failed logins for this account from this address. Try again in 15 "
        "minutes, or ask an administrator to reset the password."
    }


def test_the_admin_login_locks_out_after_ten_wrong_passwords(client, db):
    make_user("editor")
    form = {"username": "editor", "this_is_the_login_form": "1", "next": "/admin/"}

    wrong = [
        client.post("/admin/login/", {**form, "password": f"guess {n}"}).status_code
        for n in range(10)
    ]
    locked = client.post("/admin/login/", {**form, "password": PASSWORD})

    # The form again with its error, until the tenth wrong password locks it.
    assert wrong == [200] * 9 + [429]
    assert locked.status_code == 429
    assert "Too many failed logins" in locked.content.decode()


def test_the_schema_and_the_docs_are_served_without_a_cdn(db):
    schema = APIClient().get("/api/schema/", {"format": "json"})
    docs = APIClient().get("/api/docs/")

    assert schema.status_code == 200
    paths = schema.json()["paths"]
    for path in (
        "/api/incidents/",
        "/api/casualties/",
        "/api/stats/casualties/",
        "/api/auth/token/",
        "/api/sources/",
        "/api/reports/",
        "/api/actors/",
        "/api/places/",
    ):
        assert path in paths
    html = docs.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
    assert "cdn" not in html.lower()
    # No inline script, which the Content-Security-Policy would block: the
    # page loads its start-up script from the docs' own address.
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
    script = APIClient().get("/api/docs/", {"script": ""})
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    assert response.status_code == 200, url
    return len(captured)


def _more_incidents(count: int) -> None:
    template = Incident.objects.get(title__startswith="US airstrikes")
    figure = template.casualty_figures.get()
    from incidents.services import incident_save

    for number in range(count):
        incident_save(
            user=None,
            allow_status=True,
            data={
                "title": f"Strike {number}",
                "incident_type": "airstrike",
                "date_start": template.date_start,
                "place": template.place,
                "status": "published",
                "actors": [
                    {"actor": link.actor, "role": link.role} for link in template.actor_links.all()
                ],
                "citations": [
                    {"report": c.report, "quote": c.quote} for c in template.citations.all()
                ],
                "casualty_figures": [
                    {
                        "report": figure.report,
                        "outcome": "killed",
                        "count_min": 19,
                        "count_max": 19,
                        "breakdown_complete": True,
                        "quote": figure.quote,
                        "breakdown": [
                            {
                                "count_min": line.count_min,
                                "count_max": line.count_max,
                                "nationalities": line.nationalities,
                                "nationality_basis": line.nationality_basis,
                                "excluded_nationality": line.excluded_nationality,
                                "affiliation": line.affiliation,
                            }
                            for line in figure.breakdown.all()
                        ],
                    }
                ],
            },
        )


@pytest.mark.parametrize(
    "url",
    [
        "/api/incidents/?page_size={n}",
        "/api/casualties/?page_size={n}",
        "/api/sources/?page_size={n}",
        "/api/reports/?page_size={n}",
        "/api/actors/?page_size={n}",
        "/api/places/?page_size={n}",
        "/api/incidents/?format=csv&page_size={n}",
        "/api/casualties/?format=csv&page_size={n}",
        "/api/stats/casualties/?group_by=month,affiliation&page_size={n}",
    ],
)
def test_a_page_costs_the_same_queries_for_1_row_and_100(seed, url):
    _more_incidents(40)
    viewer = session_client(make_viewer())
    _queries(viewer, url.format(n=1))  # the user's permissions are then cached

    assert _queries(viewer, url.format(n=1)) == _queries(viewer, url.format(n=100))


def test_an_incident_costs_the_same_queries_whatever_it_holds(seed):
    viewer = session_client(make_viewer())
    # One figure and a link, or two figures and no link: prefetches of a
    # relation with no rows at all are skipped by Django, so both hold figures.
    bare = Incident.objects.get(title__startswith="Drone attack")
    full = Incident.objects.get(title__startswith="US airstrikes")
    _queries(viewer, f"/api/incidents/{bare.pk}/")  # the user's permissions are then cached

    assert _queries(viewer, f"/api/incidents/{bare.pk}/") == _queries(
        viewer, f"/api/incidents/{full.pk}/"
    )
