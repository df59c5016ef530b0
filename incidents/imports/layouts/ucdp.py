"""UCDP Georeferenced Event Dataset (GED), version 19.1 columns.

Codebook: Högbladh, "UCDP GED Codebook version 19.1", Uppsala University.
Each event becomes an incident; its sides become actors (roles "first side" and
"second side"); each article in ``source_article`` becomes a report of its
office and a citation quoting the headline; the deaths become one killed
figure from UCDP's dataset (low, best, high) attributed to the office when there
is only one, with a complete breakdown by side: ``deaths_a``, ``deaths_b``,
``deaths_civilians`` and ``deaths_unknown``, which UCDP guarantees add up to best.
"""

import re
from datetime import date

from django_countries import countries

from incidents.imports.layouts.base import (
    ActorKey,
    Cells,
    CitationSpec,
    Event,
    Figure,
    Line,
    PlaceKey,
    ReportKey,
    SourceKey,
    country_code,
    decimal_text,
    original_code,
)
from incidents.models import (
    ActorKind,
    CasualtyGroupCombatantStatus,
    Incident,
    IncidentActorRole,
    IncidentType,
    IncidentViolenceType,
)
from incidents.models import IncidentDatePrecision as DatePrecision
from incidents.models import IncidentGeoPrecision as GeoPrecision
from sources.models import SourceKind

NAME = "ucdp_ged"
SHORT_NAME = "ucdp"
LABEL = "UCDP GED"
COLUMNS = (
    "id,year,active_year,type_of_violence,conflict_new_id,conflict_name,dyad_new_id,"
    "dyad_name,side_a_new_id,side_a,side_b_new_id,gwnob,side_b,number_of_sources,"
    "source_article,source_office,source_date,source_headline,source_original,where_prec,"
    "where_coordinates,adm_1,adm_2,latitude,longitude,geom_wkt,priogrid_gid,country,"
    "country_id,region,event_clarity,date_prec,date_start,date_end,deaths_a,deaths_b,"
    "deaths_civilians,deaths_unknown,low,best,high"
).split(",")
ID_COLUMN = "id"
REQUIRED = ("id", "type_of_violence", "side_a", "side_b", "date_start", "date_end", "best")

DATASET = SourceKey(
    name="Uppsala Conflict Data Program (UCDP)",
    kind=SourceKind.DATASET,
    url="https://ucdp.uu.se/",
)
DATASET_REPORT = ReportKey(
    source=DATASET,
    title="UCDP Georeferenced Event Dataset (GED)",
    url="https://ucdp.uu.se/downloads/#ged_global",
)

VIOLENCE = {
    1: IncidentViolenceType.STATE_BASED,
    2: IncidentViolenceType.NON_STATE,
    3: IncidentViolenceType.ONE_SIDED,
}
# 2 is "a range of 2-6 days", 3 "only the week is known": both a week to us.
DATE_PRECISION = {
    1: DatePrecision.DAY,
    2: DatePrecision.WEEK,
    3: DatePrecision.WEEK,
    4: DatePrecision.MONTH,
    5: DatePrecision.YEAR,
}
# 5 is "along a line between places", 7 "international waters or airspace".
GEO_PRECISION = {
    1: GeoPrecision.EXACT,
    2: GeoPrecision.NEAR,
    3: GeoPrecision.ADMIN2,
    4: GeoPrecision.ADMIN1,
    5: GeoPrecision.NEAR,
    6: GeoPrecision.COUNTRY,
    7: GeoPrecision.COUNTRY,
}

# UCDP names offices by abbreviation; these are the sources an editor would
# already have entered under their full names.
KNOWN_OFFICES = {
    "SOHR": ("Syrian Observatory for Human Rights", SourceKind.MONITORING_GROUP),
    "SN4HR": ("Syrian Network for Human Rights", SourceKind.MONITORING_GROUP),
    "Airwars": ("Airwars", SourceKind.MONITORING_GROUP),
    "Human Rights Watch": ("Human Rights Watch", SourceKind.NGO),
    "Amnesty International": ("Amnesty International", SourceKind.NGO),
}

_ARTICLE = re.compile(r"^(?P<office>.*?),(?P<date>\d{4}-\d{2}-\d{2})?,(?P<headline>.*)$", re.S)
_REPORT_TITLE_LIMIT = 500


def office_source(office: str) -> SourceKey:
    name, kind = KNOWN_OFFICES.get(office, (office, SourceKind.OTHER))
    return SourceKey(name=name[:200], kind=kind)


def articles(cells: Cells) -> list[tuple[SourceKey, date | None, str]]:
    """The articles of ``source_article``: ``"OFFICE,DATE,HEADLINE";"..."``."""
    raw = cells.text("source_article")
    found = []
    for piece in re.split(r'"\s*;\s*"', raw.strip()) if raw else []:
        match = _ARTICLE.match(piece.strip().strip('"'))
        if match is None or not match["office"].strip():
            cells.fail("source_article", f"“{piece[:80]}” is not OFFICE,DATE,HEADLINE.")
            continue
        try:
            day = date.fromisoformat(match["date"]) if match["date"] else None
        except ValueError:
            cells.fail("source_article", f"“{match['date']}” is not a date (YYYY-MM-DD).")
            continue
        headline = match["headline"].strip() or match["office"].strip()
        found.append((office_source(match["office"].strip()), day, headline))
    if not found and "source_article" not in cells.errors:
        cells.fail("source_article", "names no article; every event needs its source.")
    return found


def side_actor(name: str, *, violence: int | None, is_side_a: bool, country: str) -> ActorKey:
    if name == "Civilians":
        return ActorKey(name=name, kind=ActorKind.CIVILIANS)
    if name.startswith("Government of "):
        country_name = name.removeprefix("Government of ").split(" (")[0]
        code = country_code(country_name)
        if code and code == country:
            return ActorKey(name=name, kind=ActorKind.STATE_FORCES, country=code)
        return ActorKey(name=name, kind=ActorKind.FOREIGN_STATE_FORCES, country=code)
    if violence == 1 and not is_side_a:
        return ActorKey(name=name, kind=ActorKind.REBEL_GROUP)
    return ActorKey(name=name, kind=ActorKind.ARMED_GROUP)


def read_event(line: int, row: dict, *, latest_day: date) -> Event:
    cells = Cells(row)
    external_id = cells.text("id", required=True, max_length=40)
    violence = cells.integer("type_of_violence", choices=VIOLENCE)
    side_a = cells.text("side_a", required=True, max_length=200)
    side_b = cells.text("side_b", required=True, max_length=200)
    date_start = cells.day("date_start")
    date_end = cells.day("date_end")
    if date_start and date_end and date_start > date_end:
        cells.fail("date_end", f"{date_end} is before date_start {date_start}.")
    for column, day in (("date_start", date_start), ("date_end", date_end)):
        if day and day > latest_day:
            cells.fail(column, f"{day} is in the future.")
    date_prec = cells.integer("date_prec", minimum=None, choices=DATE_PRECISION)
    where_prec = cells.integer("where_prec", minimum=None, choices=GEO_PRECISION)
    country_name = cells.text("country", required=True)
    country = country_code(country_name)
    if country_name and not country:
        cells.fail("country", f"“{country_name}” is not a country name we know.")
    latitude = cells.decimal("latitude", limit=90)
    longitude = cells.decimal("longitude", limit=180)
    if (latitude is None) != (longitude is None):
        cells.fail("longitude", "latitude and longitude come together or not at all.")
    place_name = cells.text("where_coordinates", max_length=200) or cells.text("adm_2")
    place_name = place_name or cells.text("adm_1") or country_name
    deaths = {
        column: cells.integer(column)
        for column in ("deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown")
    }
    low, best, high = (cells.integer(column) for column in ("low", "best", "high"))
    if best is not None and None not in deaths.values() and sum(deaths.values()) != best:
        parts = " + ".join(str(value) for value in deaths.values())
        cells.fail("best", f"{best}, but deaths_a..deaths_unknown add up to {parts}.")
    found_articles = articles(cells)
    cells.text("adm_1", max_length=200)
    cells.text("adm_2", max_length=200)
    cells.done()

    warnings = []
    count_min, count_max = figure_range(low, best, high)
    if (count_min, count_max) != (low, high):
        warnings.append(
            f"low {low}, best {best}, high {high} are out of order; the figure keeps best "
            f"{best} (the breakdown adds up to it) within {count_min}–{count_max}."
        )
    side_a_actor = side_actor(side_a, violence=violence, is_side_a=True, country=country)
    side_b_actor = side_actor(side_b, violence=violence, is_side_a=False, country=country)
    offices = {source for source, _day, _headline in found_articles}
    side_b_status = (
        CasualtyGroupCombatantStatus.CIVILIAN
        if side_b_actor.kind == ActorKind.CIVILIANS
        else CasualtyGroupCombatantStatus.COMBATANT
    )
    figure = Figure(
        report=DATASET_REPORT,
        attributed_to=next(iter(offices)) if len(offices) == 1 else None,
        count_min=count_min,
        count_best=best,
        count_max=count_max,
        quote=(
            f"UCDP GED event {external_id}: low {low}, best {best}, high {high} "
            f"(deaths_a {deaths['deaths_a']}, deaths_b {deaths['deaths_b']}, "
            f"deaths_civilians {deaths['deaths_civilians']}, "
            f"deaths_unknown {deaths['deaths_unknown']})"
        ),
        breakdown_complete=True,
        lines=[
            Line(deaths["deaths_a"], side_a_actor, CasualtyGroupCombatantStatus.COMBATANT),
            Line(deaths["deaths_b"], side_b_actor, side_b_status),
            Line(deaths["deaths_civilians"], None, CasualtyGroupCombatantStatus.CIVILIAN),
            Line(deaths["deaths_unknown"], None, CasualtyGroupCombatantStatus.UNKNOWN),
        ],
    )
    citations = [
        CitationSpec(
            report=ReportKey(
                source=source,
                title=_title(headline),
                published_on=day if day and day <= latest_day else None,
            ),
            attributed_to=None,
            quote=headline,
        )
        for source, day, headline in found_articles
    ]
    return Event(
        line=line,
        external_id=external_id,
        record=dict(row),
        title=f"{side_a} – {side_b}: {place_name}"[: Incident._meta.get_field("title").max_length],
        description="",
        incident_type=IncidentType.UNSPECIFIED,
        violence_type=VIOLENCE[violence],
        date_start=date_start,
        date_end=date_end,
        date_precision=DATE_PRECISION[date_prec],
        geo_precision=GEO_PRECISION[where_prec],
        place=PlaceKey(
            country=country,
            admin1=cells.text("adm_1"),
            admin2=cells.text("adm_2"),
            name=place_name,
            latitude=latitude,
            longitude=longitude,
        ),
        actors=[(side_a_actor, IncidentActorRole.SIDE_A), (side_b_actor, IncidentActorRole.SIDE_B)],
        figure=figure,
        citations=citations,
        warnings=warnings,
    )


def figure_range(low: int, best: int, high: int) -> tuple[int, int]:
    """UCDP's low and high around best. About one event in 160 of GED 19.1 has
    them out of order (high 1, best 2); best is the figure everyone sums and the
    one its breakdown adds up to, so the range is widened to hold it."""
    return min(low, best), max(high, best)


def _title(headline: str) -> str:
    if len(headline) <= _REPORT_TITLE_LIMIT:
        return headline
    return headline[: _REPORT_TITLE_LIMIT - 1] + "…"


def export_row(incident) -> dict:
    """One incident as a UCDP GED row. Columns we have no field for come from
    the imported record, when there is one."""
    record = incident.external_record if incident.external_source == NAME else {}
    row = dict.fromkeys(COLUMNS, "")
    row.update({column: record.get(column, "") for column in COLUMNS})
    place = incident.place
    side_a = [link.actor for link in incident.actor_links.all() if link.role == "side_a"]
    side_b = [link.actor for link in incident.actor_links.all() if link.role == "side_b"]
    row.update(
        id=incident.external_id if record else "",
        year=str(incident.date_start.year),
        type_of_violence=original_code(
            record, "type_of_violence", VIOLENCE, incident.violence_type
        ),
        side_a=", ".join(actor.name for actor in side_a),
        side_b=", ".join(actor.name for actor in side_b),
        where_prec=original_code(record, "where_prec", GEO_PRECISION, incident.geo_precision),
        where_coordinates=place.name,
        adm_1=place.admin1,
        adm_2=place.admin2,
        latitude=decimal_text(place.latitude),
        longitude=decimal_text(place.longitude),
        geom_wkt=(
            f"POINT ({decimal_text(place.longitude)} {decimal_text(place.latitude)})"
            if place.latitude is not None
            else ""
        ),
        country=record.get("country") or countries.name(place.country),
        date_prec=original_code(record, "date_prec", DATE_PRECISION, incident.date_precision),
        date_start=incident.date_start.isoformat(),
        date_end=incident.date_end.isoformat(),
    )
    if not record:
        reports = [citation.report for citation in incident.citations.all()]
        row.update(
            number_of_sources=str(len(reports)),
            source_article=";".join(
                f'"{r.source.name},{r.published_on or ""},{r.title}"' for r in reports
            ),
            source_office=";".join(r.source.name for r in reports),
            source_date=";".join(str(r.published_on or "") for r in reports),
            source_headline=";".join(r.title for r in reports),
        )
    row.update(_deaths(incident, {a.pk for a in side_a}, {a.pk for a in side_b}))
    row["incident_id"] = str(incident.pk)
    return row


def _deaths(incident, side_a_ids: set, side_b_ids: set) -> dict:
    """The preferred killed figure, its lines put on UCDP's four columns: a
    line affiliated with a side counts for that side; otherwise civilians are
    civilians; the rest, and what the breakdown leaves open, is unknown."""
    figure = next(
        (f for f in incident.casualty_figures.all() if f.outcome == "killed" and f.preferred),
        None,
    )
    if figure is None or figure.count_min is None:
        return {}
    best = figure.target
    record = incident.external_record if incident.external_source == NAME else {}
    original = _original_counts(record)
    by_column = dict.fromkeys(("deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown"), 0)
    for line in figure.breakdown.all():
        count = line.count_min or 0
        if line.affiliation_id in side_a_ids:
            by_column["deaths_a"] += count
        elif line.affiliation_id in side_b_ids:
            by_column["deaths_b"] += count
        elif line.combatant_status == CasualtyGroupCombatantStatus.CIVILIAN:
            by_column["deaths_civilians"] += count
        else:
            by_column["deaths_unknown"] += count
    by_column["deaths_unknown"] += max(best - sum(by_column.values()), 0)
    high = figure.count_max if figure.count_max is not None else ""
    counts = {"low": str(figure.count_min), "best": str(best), "high": str(high)}
    if original and original[0] == (figure.count_min, figure.count_best, figure.count_max):
        counts = original[1]  # as the dataset had them, even out of order
    return {**{column: str(value) for column, value in by_column.items()}, **counts}


def _original_counts(record: dict):
    """What an imported row's low, best and high became here, and the cells."""
    try:
        low, best, high = (int(record[column]) for column in ("low", "best", "high"))
    except (KeyError, ValueError):
        return None
    count_min, count_max = figure_range(low, best, high)
    return (count_min, best, count_max), {c: record[c] for c in ("low", "best", "high")}


EXPORT_COLUMNS = [*COLUMNS, "incident_id"]
