"""ACLED (Armed Conflict Location & Event Data), the 31 columns of its CSV export.

Codebook: ACLED, "Armed Conflict Location & Event Data Project (ACLED)
Codebook", 2019. Each event becomes an incident; actor 1 and actor 2 become the
first and second sides, their associated actors (``;``-separated) go with them;
``fatalities`` is one number with no breakdown, so it becomes a killed figure
of exactly that many from ACLED's dataset, quoting the event's notes; each
source named in ``source`` becomes a citation of the dataset attributed to it.
"""

from datetime import date

from django_countries import countries

from incidents.imports.layouts.base import (
    ActorKey,
    Cells,
    CitationSpec,
    Event,
    Figure,
    PlaceKey,
    ReportKey,
    SourceKey,
    country_code,
    decimal_text,
    original_code,
)
from incidents.models import (
    ActorKind,
    Incident,
    IncidentActorRole,
    IncidentType,
    IncidentViolenceType,
)
from incidents.models import IncidentDatePrecision as DatePrecision
from incidents.models import IncidentGeoPrecision as GeoPrecision
from sources.models import SourceKind

NAME = "acled"
SHORT_NAME = "acled"
LABEL = "ACLED"
COLUMNS = (
    "data_id,iso,event_id_cnty,event_id_no_cnty,event_date,year,time_precision,event_type,"
    "sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,"
    "region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,"
    "source_scale,notes,fatalities,timestamp,iso3"
).split(",")
ID_COLUMN = "event_id_cnty"
REQUIRED = ("event_id_cnty", "event_date", "event_type", "actor1", "country", "fatalities")
EXPORT_COLUMNS = [*COLUMNS, "incident_id"]
TITLE_LIMIT = Incident._meta.get_field("title").max_length

DATASET = SourceKey(
    name="Armed Conflict Location & Event Data (ACLED)",
    kind=SourceKind.DATASET,
    url="https://acleddata.com/",
)
DATASET_REPORT = ReportKey(
    source=DATASET,
    title="ACLED event data",
    url="https://acleddata.com/data-export-tool/",
)

DATE_PRECISION = {1: DatePrecision.DAY, 2: DatePrecision.WEEK, 3: DatePrecision.MONTH}
# 3 is "only a larger region is named": the first-level division's capital.
GEO_PRECISION = {1: GeoPrecision.EXACT, 2: GeoPrecision.NEAR, 3: GeoPrecision.ADMIN1}

SUB_EVENT_TYPES = {
    "Armed clash": IncidentType.ARMED_CLASH,
    "Air/drone strike": IncidentType.AIRSTRIKE,
    "Shelling/artillery/missile attack": IncidentType.SHELLING_MISSILE_ROCKET,
    "Remote explosive/landmine/IED": IncidentType.EXPLOSION_IED,
    "Suicide bomb": IncidentType.EXPLOSION_IED,
    "Grenade": IncidentType.EXPLOSION_IED,
    "Attack": IncidentType.GROUND_ATTACK,
    "Government regains territory": IncidentType.ARMED_CLASH,
    "Non-state actor overtakes territory": IncidentType.ARMED_CLASH,
}
# Our types back to ACLED's (event type, sub-event type).
EXPORT_TYPES = {
    IncidentType.ARMED_CLASH: ("Battles", "Armed clash"),
    IncidentType.AIRSTRIKE: ("Explosions/Remote violence", "Air/drone strike"),
    IncidentType.DRONE_STRIKE: ("Explosions/Remote violence", "Air/drone strike"),
    IncidentType.SHELLING_MISSILE_ROCKET: (
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
    ),
    IncidentType.EXPLOSION_IED: ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    IncidentType.GROUND_ATTACK: ("Violence against civilians", "Attack"),
}

# When the type of attack is not known (UCDP's events), the kind of violence.
VIOLENCE_EVENT_TYPES = {
    IncidentViolenceType.STATE_BASED: ("Battles", "Armed clash"),
    IncidentViolenceType.NON_STATE: ("Battles", "Armed clash"),
    IncidentViolenceType.ONE_SIDED: ("Violence against civilians", "Attack"),
}

# ACLED's actor type codes (inter1, inter2).
INTER_KINDS = {
    1: ActorKind.STATE_FORCES,
    2: ActorKind.REBEL_GROUP,
    3: ActorKind.MILITIA,
    4: ActorKind.MILITIA,
    5: ActorKind.OTHER,
    6: ActorKind.OTHER,
    7: ActorKind.CIVILIANS,
    8: ActorKind.FOREIGN_STATE_FORCES,
}
KIND_INTER = {
    ActorKind.STATE_FORCES: 1,
    ActorKind.REBEL_GROUP: 2,
    ActorKind.MILITIA: 3,
    ActorKind.ARMED_GROUP: 3,
    ActorKind.CIVILIANS: 7,
    ActorKind.FOREIGN_STATE_FORCES: 8,
    ActorKind.COALITION: 8,
    ActorKind.CONTRACTOR: 8,
}


def violence_type(event_type: str, inter1: int | None, inter2: int | None) -> str:
    """UCDP's axis from ACLED's codes: violence against civilians is one-sided;
    a battle or an explosion is state-based when state forces take part."""
    if event_type == "Violence against civilians" or inter2 == 7:
        return IncidentViolenceType.ONE_SIDED
    if event_type in ("Battles", "Explosions/Remote violence"):
        if 1 in (inter1, inter2):
            return IncidentViolenceType.STATE_BASED
        return IncidentViolenceType.NON_STATE
    return ""


def _country_code(cells: Cells) -> str:
    iso = cells.text("iso")
    if iso.isdigit():
        code = countries.alpha2(int(iso))
        if code:
            return code
    iso3 = cells.text("iso3")
    if iso3 and countries.alpha2(iso3):
        return countries.alpha2(iso3)
    name = cells.text("country")
    code = country_code(name) if name else ""
    if not code:
        cells.fail("country", f"“{name}” is not a country we know (nor iso, nor iso3).")
    return code or ""


def _actor(name: str, inter: int | None, country: str) -> ActorKey:
    kind = INTER_KINDS.get(inter, ActorKind.OTHER)
    if kind == ActorKind.STATE_FORCES:
        # "Military Forces of Russia (2000-)" fighting in Syria are foreign.
        named = country_code(name.split(" of ", 1)[-1].split(" (")[0]) if " of " in name else ""
        if named and named != country:
            return ActorKey(name=name, kind=ActorKind.FOREIGN_STATE_FORCES, country=named)
        return ActorKey(name=name, kind=kind, country=country)
    return ActorKey(name=name, kind=kind)


def _names(raw: str) -> list[str]:
    return [name.strip() for name in raw.split(";") if name.strip()]


def read_event(line: int, row: dict, *, latest_day: date) -> Event:
    cells = Cells(row)
    external_id = cells.text("event_id_cnty", required=True, max_length=40)
    day = cells.day("event_date", formats=("%d %B %Y", "%d-%B-%Y", "%d/%m/%Y"))
    if day and day > latest_day:
        cells.fail("event_date", f"{day} is in the future.")
    precision = cells.integer("time_precision", minimum=None, choices=DATE_PRECISION)
    geo = cells.integer("geo_precision", minimum=None, choices=GEO_PRECISION)
    event_type = cells.text("event_type", required=True)
    sub_event_type = cells.text("sub_event_type")
    actor1 = cells.text("actor1", required=True, max_length=200)
    actor2 = cells.text("actor2", max_length=200)
    inter1 = cells.integer("inter1", minimum=None, choices=INTER_KINDS)
    inter2 = cells.integer("inter2", minimum=None, choices=(0, *INTER_KINDS)) if actor2 else None
    country = _country_code(cells)
    latitude = cells.decimal("latitude", limit=90)
    longitude = cells.decimal("longitude", limit=180)
    if (latitude is None) != (longitude is None):
        cells.fail("longitude", "latitude and longitude come together or not at all.")
    location = cells.text("location", max_length=200)
    admin1 = cells.text("admin1", max_length=200)
    admin2 = cells.text("admin2", max_length=200)
    fatalities = cells.integer("fatalities")
    notes = cells.text("notes")
    sources = _names(cells.text("source"))
    for name in sources:
        if len(name) > 200:
            cells.fail("source", f"“{name[:40]}…” is longer than 200 characters.")
    cells.done()

    actors = [(_actor(actor1, inter1, country), IncidentActorRole.SIDE_A)]
    actors += [
        (_actor(name, None, country), IncidentActorRole.WITH_SIDE_A)
        for name in _names(cells.text("assoc_actor_1"))
    ]
    if actor2:
        actors.append((_actor(actor2, inter2, country), IncidentActorRole.SIDE_B))
        actors += [
            (_actor(name, None, country), IncidentActorRole.WITH_SIDE_B)
            for name in _names(cells.text("assoc_actor_2"))
        ]
    actors = list(dict.fromkeys(actors))
    quote = notes or f"ACLED event {external_id}: {fatalities} fatalities"
    named_sources = [SourceKey(name=name, kind=SourceKind.OTHER) for name in sources]
    place_name = location or admin2 or admin1 or cells.text("country")
    return Event(
        line=line,
        external_id=external_id,
        record=dict(row),
        title=(
            f"{sub_event_type or event_type}: {actor1}"
            + (f" – {actor2}" if actor2 else "")
            + f", {place_name}"
        )[:TITLE_LIMIT],
        description=notes,
        incident_type=SUB_EVENT_TYPES.get(sub_event_type, IncidentType.OTHER),
        violence_type=violence_type(event_type, inter1, inter2),
        date_start=day,
        date_end=day,
        date_precision=DATE_PRECISION[precision],
        geo_precision=GEO_PRECISION[geo],
        place=PlaceKey(
            country=country,
            admin1=admin1,
            admin2=admin2,
            name=place_name,
            latitude=latitude,
            longitude=longitude,
        ),
        actors=actors,
        figure=Figure(
            report=DATASET_REPORT,
            attributed_to=named_sources[0] if len(named_sources) == 1 else None,
            count_min=fatalities,
            count_best=fatalities,
            count_max=fatalities,
            quote=quote,
        ),
        citations=[
            CitationSpec(report=DATASET_REPORT, attributed_to=source, quote=quote)
            for source in named_sources
        ]
        or [CitationSpec(report=DATASET_REPORT, attributed_to=None, quote=quote)],
    )


def export_row(incident) -> dict:
    record = incident.external_record if incident.external_source == NAME else {}
    row = dict.fromkeys(COLUMNS, "")
    row.update({column: record.get(column, "") for column in COLUMNS})
    place = incident.place
    by_role: dict[str, list] = {}
    for link in incident.actor_links.all():
        by_role.setdefault(link.role, []).append(link.actor)
    first = by_role.get("side_a") or by_role.get("perpetrator") or []
    second = by_role.get("side_b") or by_role.get("target") or []
    event_type, sub_event_type = EXPORT_TYPES.get(
        incident.incident_type, VIOLENCE_EVENT_TYPES.get(incident.violence_type, ("", ""))
    )
    if record.get("sub_event_type") and SUB_EVENT_TYPES.get(record["sub_event_type"]) == (
        incident.incident_type
    ):
        event_type, sub_event_type = record["event_type"], record["sub_event_type"]
    figure = next(
        (f for f in incident.casualty_figures.all() if f.outcome == "killed" and f.preferred),
        None,
    )
    # Who reported it: the source credited, else the report's publisher
    # (not a dataset such as UCDP, which codes rather than reports).
    attributed = [
        (c.attributed_to or c.report.source).name
        for c in incident.citations.all()
        if c.attributed_to or c.report.source.kind != SourceKind.DATASET
    ]
    # ACLED has no year precision (its coarsest is a month) nor a district one.
    precision = original_code(record, "time_precision", DATE_PRECISION, incident.date_precision)
    geo = original_code(record, "geo_precision", GEO_PRECISION, incident.geo_precision)
    if not geo:
        geo = "2" if incident.geo_precision == GeoPrecision.ADMIN2 else "3"
    row.update(
        iso=row["iso"] or (str(countries.numeric(place.country) or "")),
        event_id_cnty=incident.external_id if record else "",
        event_date=incident.date_start.isoformat(),
        year=str(incident.date_start.year),
        time_precision=precision or "3",
        event_type=event_type,
        sub_event_type=sub_event_type,
        actor1=first[0].name if first else "",
        assoc_actor_1="; ".join(a.name for a in first[1:] + by_role.get("with_side_a", [])),
        inter1=str(KIND_INTER.get(first[0].kind, 8)) if first else "",
        actor2=second[0].name if second else "",
        assoc_actor_2="; ".join(a.name for a in second[1:] + by_role.get("with_side_b", [])),
        inter2=str(KIND_INTER.get(second[0].kind, 8)) if second else "",
        country=record.get("country") or countries.name(place.country),
        admin1=place.admin1,
        admin2=place.admin2,
        location=place.name,
        latitude=decimal_text(place.latitude),
        longitude=decimal_text(place.longitude),
        geo_precision=geo,
        source=record.get("source") or "; ".join(dict.fromkeys(attributed)),
        notes=incident.description,
        fatalities=str(figure.target) if figure is not None and figure.target is not None else "",
        iso3=row["iso3"] or (countries.alpha3(place.country) or ""),
        incident_id=str(incident.pk),
    )
    return row
