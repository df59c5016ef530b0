"""Entering the seed report through the REST API alone, as a client would."""

import json

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from rest_framework.test import APIClient

from tests.conftest import SEED_FIXTURE
from tests.factories import make_user

PASSWORD = "correct horse battery staple"


class ETagClient(APIClient):
    """Updates incidents and moves them along the workflow as a careful API
    consumer does: it reads the incident's ETag and sends it as If-Match
    (unless the test gives its own)."""

    def _with_etag(self, path, extra):
        if path.startswith("/api/incidents/") and "HTTP_IF_MATCH" not in extra:
            etag = self.get(path.removesuffix("status/")).get("ETag")
            if etag:
                extra["HTTP_IF_MATCH"] = etag
        return extra

    def post(self, path, data=None, format=None, **extra):
        if path.startswith("/api/incidents/") and path.endswith("/status/"):
            extra = self._with_etag(path, extra)
        return super().post(path, data, format, **extra)

    def patch(self, path, data=None, format=None, **extra):
        return super().patch(path, data, format, **self._with_etag(path, extra))

    def put(self, path, data=None, format=None, **extra):
        return super().put(path, data, format, **self._with_etag(path, extra))


def token_client(username: str) -> APIClient:
    """A client that logs in the way API consumers do: POST for a token."""
    client = ETagClient()
    response = client.post(
        "/api/auth/token/", {"username": username, "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200, response.data
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.data['token']}")
    return client


def make_viewer(username="viewer"):
    """Reads everything, writes nothing."""
    user = make_user(username, group=None)
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label__in=("incidents", "sources"), codename__startswith="view_"
        )
    )
    return get_user_model().objects.get(pk=user.pk)


def post(client, url, payload):
    response = client.post(url, payload, format="json")
    assert response.status_code == 201, (url, response.data)
    return response.data


def enter_seed_through_the_api(client, *, status="published") -> dict[str, dict]:
    """Post every source, report, actor, place and incident of the seed fixture,
    then link the incidents; returns the created incidents by fixture key."""
    document = json.loads(SEED_FIXTURE.read_text(encoding="utf-8"))
    ids = {}

    def fields(item, *skip):
        return {k: v for k, v in item.items() if k not in {"key", *skip}}

    for item in document["sources"]:
        ids[item["key"]] = post(client, "/api/sources/", fields(item))["id"]
    for item in document["reports"]:
        payload = {**fields(item, "source"), "source": ids[item["source"]]}
        ids[item["key"]] = post(client, "/api/reports/", payload)["id"]
    for item in document["actors"]:
        payload = {**fields(item, "parent"), "parent": ids.get(item["parent"])}
        ids[item["key"]] = post(client, "/api/actors/", payload)["id"]
    for item in document["places"]:
        ids[item["key"]] = post(client, "/api/places/", fields(item))["id"]

    def ref(key):
        return ids[key] if key else None

    incidents = {}
    for item in document["incidents"]:
        payload = {
            **fields(item, "place", "actors", "citations", "casualty_figures"),
            "status": status,
            "place": ids[item["place"]],
            "actors": [{"actor": ids[a["actor"]], "role": a["role"]} for a in item["actors"]],
            "citations": [
                {
                    "report": ids[c["report"]],
                    "attributed_to": ref(c.get("attributed_to")),
                    "quote": c["quote"],
                }
                for c in item["citations"]
            ],
            "casualty_figures": [
                {
                    **fields(f, "report", "attributed_to", "breakdown"),
                    "report": ids[f["report"]],
                    "attributed_to": ref(f.get("attributed_to")),
                    "breakdown": [
                        {**fields(line, "affiliation"), "affiliation": ref(line["affiliation"])}
                        for line in f["breakdown"]
                    ],
                }
                for f in item["casualty_figures"]
            ],
        }
        incidents[item["key"]] = post(client, "/api/incidents/", payload)
        assert incidents[item["key"]]["status"] == "draft"
    for relation in document["relations"]:
        response = client.patch(
            f"/api/incidents/{incidents[relation['from']]['id']}/",
            {
                "relations": [
                    {
                        "to_incident": incidents[relation["to"]]["id"],
                        "relation": relation["relation"],
                    }
                ],
                "change_reason": "Link the retaliation the report describes",
            },
            format="json",
        )
        assert response.status_code == 200, response.data
        incidents[relation["from"]] = response.data
    if status != "draft":
        publish(client, incidents)
    return incidents


def publish(editor_client, incidents: dict[str, dict]) -> None:
    """Submit each incident as its editor, then publish it as a reviewer: the
    four-eyes workflow, through the API."""
    make_user("reviewer", group="reviewer")
    reviewer = token_client("reviewer")
    for key, incident in incidents.items():
        url = f"/api/incidents/{incident['id']}/status/"
        version = incident["version"]
        for client, status in ((editor_client, "in_review"), (reviewer, "published")):
            response = client.post(
                url, {"status": status}, format="json", HTTP_IF_MATCH=f'"{version}"'
            )
            assert response.status_code == 200, (key, status, response.data)
            version = response.data["version"]
        incidents[key] = response.data
