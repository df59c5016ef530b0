"""Loading reference and demo data written as JSON documents in ``fixtures/``.

The documents name rows by keys rather than database ids and go through the same
services as the admin and the API, so a fixture that breaks a rule (a quote not
in its report, a breakdown that does not add up) is refused like any other input.
"""

import json
from pathlib import Path

from django.db import transaction

from incidents.models import Actor, Incident, Place
from incidents.services import actor_save, incident_save, place_save
from sources.models import Report, Source
from sources.services import report_save, source_save


class FixtureError(Exception):
    pass


@transaction.atomic
def load_fixture(path: Path, *, user=None) -> dict[str, int]:
    """Load one fixture document; rows that already exist (by name, or by
    report title and source) are reused, so loading twice changes nothing."""
    document = json.loads(Path(path).read_text(encoding="utf-8"))
    created = {"sources": 0, "reports": 0, "actors": 0, "places": 0, "incidents": 0}

    sources = {}
    for item in document.get("sources", []):
        source = Source.objects.filter(name=item["name"]).first()
        if source is None:
            source = source_save(user=user, data=_fields(item))
            created["sources"] += 1
        sources[item["key"]] = source

    reports = {}
    for item in document.get("reports", []):
        source = sources[item["source"]]
        report = Report.objects.filter(source=source, title=item["title"]).first()
        if report is None:
            report = report_save(user=user, data={**_fields(item), "source": source})
            created["reports"] += 1
        reports[item["key"]] = report

    actors = {}
    for item in document.get("actors", []):
        actor = Actor.objects.filter(name=item["name"]).first()
        if actor is None:
            parent = actors[item["parent"]] if item.get("parent") else None
            actor = actor_save(user=user, data={**_fields(item), "parent": parent})
            created["actors"] += 1
        actors[item["key"]] = actor

    places = {}
    for item in document.get("places", []):
        place = Place.objects.filter(
            name=item["name"], country=item["country"], admin1=item.get("admin1", "")
        ).first()
        if place is None:
            place = place_save(user=user, data=_fields(item))
            created["places"] += 1
        places[item["key"]] = place

    def source_or_none(key):
        return sources[key] if key else None

    incidents = {}
    for item in document.get("incidents", []):
        existing = Incident.objects.filter(
            title=item["title"], citations__report__in=reports.values()
        ).first()
        if existing is not None:
            incidents[item["key"]] = existing
            continue
        data = {
            **_fields(item),
            "place": places[item["place"]],
            "actors": [
                {"actor": actors[link["actor"]], "role": link["role"]} for link in item["actors"]
            ],
            "citations": [
                {
                    "report": reports[citation["report"]],
                    "attributed_to": source_or_none(citation.get("attributed_to")),
                    "quote": citation["quote"],
                }
                for citation in item["citations"]
            ],
            "casualty_figures": [
                {
                    **_fields(figure),
                    "report": reports[figure["report"]],
                    "attributed_to": source_or_none(figure.get("attributed_to")),
                    "breakdown": [
                        {
                            **_fields(line),
                            "affiliation": actors[line["affiliation"]]
                            if line.get("affiliation")
                            else None,
                        }
                        for line in figure["breakdown"]
                    ],
                }
                for figure in item["casualty_figures"]
            ],
        }
        # Demo data is reference data: its statuses are taken as given.
        incidents[item["key"]] = incident_save(user=user, data=data, allow_status=True)
        created["incidents"] += 1

    relations_by_incident = {}
    for relation in document.get("relations", []):
        relations_by_incident.setdefault(relation["from"], []).append(relation)
    for key, relations in relations_by_incident.items():
        incident = incidents[key]
        stored = list(incident.relations_out.values("id", "to_incident", "relation"))
        wanted = [{"to_incident": incidents[r["to"]], "relation": r["relation"]} for r in relations]
        known = {(row["to_incident"], row["relation"]) for row in stored}
        missing = [w for w in wanted if (w["to_incident"].pk, w["relation"]) not in known]
        if missing:
            incident_save(
                user=user,
                incident=incident,
                reason="Links between incidents, as the fixture document gives them",
                data={
                    "relations": [
                        {
                            "id": row["id"],
                            "to_incident": Incident(pk=row["to_incident"]),
                            "relation": row["relation"],
                        }
                        for row in stored
                    ]
                    + missing
                },
            )
    return created


_REFERENCES = {
    "key",
    "source",
    "parent",
    "place",
    "report",
    "attributed_to",
    "affiliation",
    "actors",
    "citations",
    "casualty_figures",
    "breakdown",
}


def _fields(item: dict) -> dict:
    return {name: value for name, value in item.items() if name not in _REFERENCES}
