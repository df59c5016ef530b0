"""Bad input gets a 4xx naming what is wrong, never a 500 and never a cut file."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from tests.api_helpers import make_viewer, token_client
from tests.factories import make_user
from tests.incidents.test_api import _api_payload


@pytest.fixture
def viewer(world):
    world.save(status="published")
    client = APIClient()
    client.force_authenticate(make_viewer())
    return client


OFFSET = "Time zones lie between -12:00 and +14:00 from UTC."


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "/api/incidents/?updated_since=2023-01-01T00:00:00%2B16:00",
            {"updated_since": [OFFSET]},
        ),
        (
            "/api/casualties/?updated_since=2023-01-01T00:00:00-16:30",
            {"updated_since": [OFFSET]},
        ),
        (
            "/api/reports/?updated_since=2023-01-01T00:00:00%2B16:00",
            {"updated_since": [OFFSET]},
        ),
        (
            "/api/changes/?since=2023-01-01T00:00:00%2B16:00",
            {
                "since": [
                    "Give a date and time, e.g. 2023-03-15T12:00:00Z, not "
                    f"'2023-01-01T00:00:00+16:00'. {OFFSET}"
                ]
            },
        ),
        (
            "/api/casualties/?nationality=%25s",
            {"nationality": ["%S is not an ISO 3166 country code."]},
        ),
        (
            "/api/incidents/?cursor=cD1hYmM%3D",
            {"cursor": ["Not a cursor from a next or previous link."]},
        ),
        (
            "/api/casualties/?cursor=cD1hYmM%3D%26r%3D1",
            {"cursor": ["Not a cursor from a next or previous link."]},
        ),
    ],
)
def test_a_bad_parameter_is_a_400_naming_it(viewer, url, expected):
    response = viewer.get(url)

    assert response.status_code == 400
    assert response.json() == expected


def test_an_offset_beyond_every_time_zone_in_as_of_is_a_400(viewer, world):
    from incidents.models import Incident

    pk = Incident.objects.get().pk

    response = viewer.get(f"/api/incidents/{pk}/", {"as_of": "2023-01-01T00:00:00-17:00"})

    assert response.status_code == 400
    assert response.json() == {
        "as_of": [
            "Give a date and time, e.g. 2023-03-15T12:00:00Z, not "
            f"'2023-01-01T00:00:00-17:00'. {OFFSET}"
        ]
    }


def test_a_bad_parameter_on_a_csv_is_a_csv_of_errors_not_a_cut_file(viewer):
    response = viewer.get(
        "/api/casualties/", {"format": "csv", "updated_since": "2023-01-01T00:00:00+16:00"}
    )

    assert response.status_code == 400
    assert response.content.decode() == f"field,message\r\nupdated_since,{OFFSET}\r\n"


def test_a_valid_offset_is_read_as_that_moment(viewer):
    later = viewer.get("/api/incidents/", {"updated_since": "2100-01-01T13:00:00+14:00"})
    earlier = viewer.get("/api/incidents/", {"updated_since": "2000-01-01T00:00:00-12:00"})

    assert (later.status_code, len(later.json()["results"])) == (200, 0)
    assert (earlier.status_code, len(earlier.json()["results"])) == (200, 1)


@pytest.mark.parametrize("path", ["/api/auth/token/", "/api/incidents/"])
def test_json_nested_thousands_deep_is_a_400(db, path):
    make_user("editor")
    client = token_client("editor")

    response = client.post(path, "[" * 3000 + "]" * 3000, content_type="application/json")

    assert response.status_code == 400
    assert response.json() == {"detail": "JSON parse error - nested deeper than 16 levels."}


def test_a_body_over_the_limit_is_a_413_before_anything_reads_it(db):
    make_user("editor")
    client = token_client("editor")
    body = '{"title": "' + "x" * settings.API_MAX_BODY_BYTES + '"}'

    response = client.post("/api/incidents/", body, content_type="application/json")

    assert response.status_code == 413
    assert response.json() == {
        "detail": f"The request body is {len(body):,} bytes; the API takes at most 5 MB per "
        "request."
    }


def test_a_figure_with_thousands_of_lines_is_refused_with_the_limit(world):
    make_user("editor")
    payload = _api_payload(world)
    figure = payload["casualty_figures"][0]
    figure["breakdown_complete"] = False
    figure["breakdown"] = [{"count_min": 0, "count_max": 0}] * 6000

    response = token_client("editor").post("/api/incidents/", payload, format="json")

    assert response.status_code == 400
    assert response.json() == {
        "casualty_figures[0].breakdown": ["Ensure this field has no more than 500 elements."]
    }


def test_the_admin_import_page_sends_a_large_file_to_the_command(editor_client, settings):
    settings.ADMIN_IMPORT_MAX_BYTES = 1_000_000
    upload = SimpleUploadedFile("ged-world.csv", b"id,year\n" + b"1,2020\n" * 200_000)

    response = editor_client.post(
        reverse("admin:incidents_incident_import"),
        {"file": upload, "layout": "ucdp_ged", "dry_run": "on", "status": "draft"},
    )

    assert response.status_code == 200
    assert (
        "This file is 1.4 MB; the admin imports files of up to 1 MB while you wait. Import it "
        "with the command instead: .venv/bin/python manage.py import_ucdp ged-world.csv"
    ) in response.content.decode()


DEAD_DATABASE = (
    "import django; django.setup(); "
    "from django.test import Client; "
    "r = Client(raise_request_exception=False).get('/api/incidents/'); "
    "print(r.status_code, r['Retry-After'], r.content.decode())"
)


def test_an_unreachable_database_is_a_json_503(tmp_path):
    environment = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "testserver",
        # Nothing listens on port 1.
        "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "ZEAL": "false",
    }
    result = subprocess.run(
        [sys.executable, "-c", DEAD_DATABASE],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.stdout.strip() == (
        '503 30 {"detail": "The database cannot be reached just now; nothing was written. '
        'Try again."}'
    )
