"""Importing dataset files (UCDP GED, ACLED): all of a file or nothing, audited.

A file is read in chunks. Each row becomes an :class:`~incidents.layouts.Event`
(or is refused with the columns at fault); the places, actors, sources and
reports it names are found by their natural keys or created; then

- a row whose id is new becomes an incident, checked by the same model rules
  as every other write (``clean()``, ``check_breakdown``) and written with
  PostgreSQL's COPY, because a national archive is a million rows;
- a row already imported with the same values changes nothing;
- a row already imported whose values changed updates its incident through
  :func:`incidents.services.incident_save`, like an editor's change would.

Everything runs in one transaction under one history context that names the
import run, the file and the user; if any row is refused, or on a dry run, the
transaction is rolled back, so the database is left as it was. The database's
own constraints and triggers still check every row written.
"""

import csv
import gzip
import hashlib
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

import pghistory
import psycopg
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.db.models.base import ModelState
from django.utils import timezone
from psycopg.types.json import Jsonb

from incidents.layouts import Event, RowRefused, acled, ucdp
from incidents.models import (
    Actor,
    CasualtyFigure,
    CasualtyGroup,
    Citation,
    ImportRun,
    Incident,
    IncidentActor,
    Place,
)
from incidents.services import incident_save
from sources.models import Report, Source, latest_today

LAYOUTS = {ucdp.NAME: ucdp, acled.NAME: acled}


# After this many new incidents the written tables are analysed before the
# deferred checks run (see _analyze_written_tables).
ANALYZE_AFTER = 1000


def _analyze_written_tables() -> None:
    """Give the planner the tables' new sizes. A session that last planned the
    breakdown check while the tables were small keeps a sequential scan in its
    cached plan, and then checks each of the file's figures by reading every
    line written: minutes for the Syria file, instead of seconds. ANALYZE
    counts this transaction's own rows and invalidates the cached plans."""
    tables = [
        model._meta.db_table
        for model in (Incident, IncidentActor, Citation, CasualtyFigure, CasualtyGroup)
    ]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in tables))


class ImportFailed(Exception):
    """The file as a whole cannot be read (missing columns, not CSV)."""


@dataclass
class Outcome:
    line: int
    external_id: str
    action: str  # created, updated, unchanged or refused
    detail: str = ""


@dataclass
class ImportSummary:
    layout: str
    file_name: str
    dry_run: bool
    run_id: int | None = None
    rows: int = 0
    counts: dict = field(
        default_factory=lambda: {"created": 0, "updated": 0, "unchanged": 0, "refused": 0}
    )
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def written(self) -> bool:
        return self.run_id is not None

    def describe(self) -> str:
        counts = ", ".join(f"{count} {action}" for action, count in self.counts.items())
        if self.dry_run:
            verdict = "dry run, nothing written"
        elif self.written:
            verdict = f"written as import {self.run_id}"
        else:
            verdict = "refused, nothing written"
        return f"{self.file_name}: {self.rows} rows: {counts} ({verdict})."


def open_dataset(path):
    """A dataset file for reading, as published or gzipped (``.gz``)."""
    return gzip.open(path, "rb") if str(path).endswith(".gz") else open(path, "rb")


def file_sha256(stream) -> str:
    digest = hashlib.sha256()
    for block in iter(lambda: stream.read(1 << 20), b""):
        digest.update(block)
    stream.seek(0)
    return digest.hexdigest()


def read_rows(text_stream, layout) -> Iterator[tuple[int, dict]]:
    reader = csv.DictReader(text_stream)
    missing = [column for column in layout.REQUIRED if column not in (reader.fieldnames or [])]
    if missing:
        raise ImportFailed(
            f"This is not a {layout.LABEL} file: the header lacks {', '.join(missing)}."
        )
    for row in reader:
        yield reader.line_num, row


def import_file(
    stream,
    *,
    layout: str,
    file_name: str,
    user=None,
    dry_run: bool = False,
    status: str = Incident.Status.PUBLISHED,
    on_outcome: Callable[[Outcome], None] | None = None,
    keep_outcomes: bool = True,
    chunk_size: int = 2000,
) -> ImportSummary:
    """Import the CSV in the binary ``stream`` (UTF-8, with or without BOM).

    Every row's outcome goes to ``on_outcome`` as it is decided (and into the
    summary when ``keep_outcomes``). Nothing is written unless every row is
    accepted and ``dry_run`` is false."""
    module = LAYOUTS[layout]
    sha256 = file_sha256(stream)
    summary = ImportSummary(layout=layout, file_name=file_name, dry_run=dry_run)

    def record(outcome: Outcome) -> None:
        summary.counts[outcome.action] += 1
        if keep_outcomes:
            summary.outcomes.append(outcome)
        if on_outcome is not None:
            on_outcome(outcome)

    text_stream = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    try:
        with transaction.atomic():
            run = ImportRun.objects.create(
                layout=layout,
                file_name=file_name[:255],
                file_sha256=sha256,
                user=user if user is not None and user.is_authenticated else None,
            )
            reason = f"{module.LABEL} import {run.pk} of {file_name}"
            with pghistory.context(
                source="import",
                import_run=run.pk,
                file=file_name,
                sha256=sha256,
                reason=reason,
                **({"user": run.user_id} if run.user_id else {}),
            ):
                importer = _Importer(module, user=user, status=status, run=run, reason=reason)
                rows = read_rows(text_stream, module)
                while chunk := list(islice(rows, chunk_size)):
                    for outcome in importer.process(chunk):
                        record(outcome)
                    summary.rows += len(chunk)
            if summary.counts["created"] >= ANALYZE_AFTER:
                _analyze_written_tables()
            # Deferred checks (the breakdown sums) run now rather than at a
            # commit that a dry run never reaches.
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                # Back to each constraint's own timing, for whatever the
                # caller's transaction writes next.
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            if summary.counts["refused"] or dry_run:
                transaction.set_rollback(True)
            else:
                ImportRun.objects.filter(pk=run.pk).update(
                    rows=summary.rows,
                    created=summary.counts["created"],
                    updated=summary.counts["updated"],
                    unchanged=summary.counts["unchanged"],
                )
                summary.run_id = run.pk
    except UnicodeDecodeError as error:
        raise ImportFailed(f"The file is not UTF-8 text: {error}.") from error
    except csv.Error as error:
        raise ImportFailed(f"The file is not valid CSV: {error}.") from error
    except (DatabaseError, psycopg.Error) as error:
        # A rule only the database knows (a concurrent write, a trigger) refused
        # a chunk; the transaction is gone, so nothing was written.
        raise ImportFailed(f"The database refused the import: {error}".strip()) from error
    finally:
        text_stream.detach()
    return summary


class _Importer:
    """The state of one import: references already resolved, ids already seen."""

    def __init__(self, module, *, user, status, run, reason):
        self.module = module
        self.user = user if user is not None and user.is_authenticated else None
        self.status = status
        self.run = run
        self.reason = reason
        self.latest_day = latest_today()
        self.seen_ids: dict[str, int] = {}
        self.sources = {s.name: s for s in Source.objects.only("id", "name")}
        self.actors = {a.name: a for a in Actor.objects.only("id", "name")}
        self.places = {
            (p.country, p.admin1, p.admin2, p.name): p
            for p in Place.objects.only("id", "country", "admin1", "admin2", "name")
        }
        self.reports: dict[tuple, Report] = {}
        self.pending: dict[type, list] = {}

    # -- one chunk ----------------------------------------------------------

    def process(self, chunk: list[tuple[int, dict]]) -> list[Outcome]:
        outcomes: dict[int, Outcome] = {}
        events: list[Event] = []
        for line, row in chunk:
            external_id = (row.get(self.module.ID_COLUMN) or "").strip()
            try:
                event = self.module.read_event(line, row, latest_day=self.latest_day)
            except RowRefused as refused:
                outcomes[line] = Outcome(line, external_id, "refused", _message(refused.errors))
                continue
            first = self.seen_ids.setdefault(event.external_id, line)
            if first != line:
                outcomes[line] = Outcome(
                    line, event.external_id, "refused", f"id repeats line {first} of this file."
                )
                continue
            events.append(event)

        events = self._resolve_references(events, outcomes)
        stored = {
            row["external_id"]: row
            for row in Incident.objects.filter(
                external_source=self.module.NAME,
                external_id__in=[event.external_id for event in events],
            ).values("id", "external_id", "external_record")
        }
        new_events = []
        for event in events:
            existing = stored.get(event.external_id)
            if existing is None:
                new_events.append(event)
            elif existing["external_record"] == event.record:
                outcomes[event.line] = Outcome(event.line, event.external_id, "unchanged")
            else:
                outcomes[event.line] = self._update(existing, event)
        for outcome in self._create(new_events):
            outcomes[outcome.line] = outcome
        return [outcomes[line] for line in sorted(outcomes)]

    # -- references ---------------------------------------------------------

    def _resolve_references(self, events: list[Event], outcomes) -> list[Event]:
        """Find or create every source, report, actor and place the events
        name; an event whose reference cannot be created is refused."""
        missing_reports = {}
        for event in events:
            for report in self._report_keys(event):
                key = self._report_cache_key(report)
                if key not in self.reports:
                    missing_reports.setdefault(key, report)
        if missing_reports:
            self._load_reports(missing_reports)

        accepted = []
        for event in events:
            try:
                for report in self._report_keys(event):
                    self._report(report)
                for actor, _role in event.actors:
                    self._actor(actor)
                for line in event.figure.lines:
                    if line.affiliation is not None:
                        self._actor(line.affiliation)
                if event.figure.attributed_to is not None:
                    self._source(event.figure.attributed_to)
                for citation in event.citations:
                    if citation.attributed_to is not None:
                        self._source(citation.attributed_to)
                self._place(event.place)
            except ValidationError as error:
                outcomes[event.line] = Outcome(
                    event.line, event.external_id, "refused", _message(_error_dict(error))
                )
                continue
            accepted.append(event)
        self._write_references()
        return accepted

    @staticmethod
    def _report_keys(event: Event):
        yield event.figure.report
        for citation in event.citations:
            yield citation.report

    def _report_cache_key(self, key) -> tuple:
        return (key.source.name, key.title, key.published_on, key.url)

    def _load_reports(self, wanted: dict) -> None:
        titles = {key[1] for key in wanted}
        found = Report.objects.filter(title__in=titles).select_related("source")
        for report in found.only(
            "id", "title", "text", "url", "published_on", "source_id", "source__name"
        ):
            key = (report.source.name, report.title, report.published_on, report.url)
            self.reports.setdefault(key, report)
            if report.url:
                self.reports.setdefault(("", "", None, report.url), report)

    def _source(self, key) -> Source:
        source = self.sources.get(key.name)
        if source is None:
            source = self._create_reference(
                Source(name=key.name, kind=key.kind, url=key.url), "source"
            )
            self.sources[key.name] = source
        return source

    def _report(self, key) -> Report:
        cache_key = self._report_cache_key(key)
        report = self.reports.get(cache_key)
        if report is None and key.url:
            report = self.reports.get(("", "", None, key.url))
        if report is None:
            report = self._create_reference(
                Report(
                    source=self._source(key.source),
                    title=key.title,
                    url=key.url,
                    published_on=key.published_on,
                    language=key.language,
                ),
                "report",
            )
            self.reports[cache_key] = report
            if key.url:
                self.reports[("", "", None, key.url)] = report
        return report

    def _actor(self, key) -> Actor:
        actor = self.actors.get(key.name)
        if actor is None:
            actor = self._create_reference(
                Actor(name=key.name, kind=key.kind, country=key.country), "actor"
            )
            self.actors[key.name] = actor
        return actor

    def _place(self, key) -> Place:
        cache_key = (key.country, key.admin1, key.admin2, key.name)
        place = self.places.get(cache_key)
        if place is None:
            place = self._create_reference(
                Place(
                    country=key.country,
                    admin1=key.admin1,
                    admin2=key.admin2,
                    name=key.name,
                    latitude=key.latitude,
                    longitude=key.longitude,
                ),
                "place",
            )
            self.places[cache_key] = place
        return place

    def _create_reference(self, instance, label: str):
        """A new source, report, actor or place, checked like any other and
        written with the others of its chunk; its uniqueness is certain, since
        the caches hold every stored key. Foreign keys point at rows from the
        same caches, so they are not looked up again."""
        foreign_keys = [f.name for f in instance._meta.concrete_fields if f.is_relation]
        try:
            instance.full_clean(
                exclude=foreign_keys, validate_unique=False, validate_constraints=False
            )
        except ValidationError as error:
            raise ValidationError(
                {f"{label}.{name}": messages for name, messages in error.message_dict.items()}
            ) from error
        instance.stamp(self.user)
        self.pending.setdefault(type(instance), []).append(instance)
        return instance

    def _write_references(self) -> None:
        # Sources before the reports that point at them.
        for model in (Source, Report, Actor, Place):
            instances = self.pending.pop(model, [])
            if instances:
                model.objects.bulk_create(instances, batch_size=1000)

    # -- writes ---------------------------------------------------------------

    def _refresh_context(self) -> None:
        """Statements sent through Django's cursor carry the history context;
        COPY bypasses it, so a statement through that cursor first sets the
        context for the rest of the transaction (again after any savepoint was
        rolled back, which undoes it)."""
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE incidents_importrun SET rows = rows WHERE id = %s", [self.run.pk]
            )

    def _create(self, events: list[Event]) -> list[Outcome]:
        outcomes = []
        planned = []
        now = timezone.now()
        for event in events:
            try:
                planned.append(self._build(event, now))
            except ValidationError as error:
                outcomes.append(
                    Outcome(event.line, event.external_id, "refused", _message(_error_dict(error)))
                )
                continue
            outcomes.append(
                Outcome(event.line, event.external_id, "created", " ".join(event.warnings))
            )
        if planned:
            self._write(planned)
        return outcomes

    def _build(self, event: Event, now):
        """Model instances for one event, checked by the models' own rules."""
        user_id = self.user.pk if self.user is not None else None
        stamp = {
            "created_at": now,
            "updated_at": now,
            "created_by_id": user_id,
            "updated_by_id": user_id,
        }
        incident = _instance(
            Incident,
            title=event.title,
            description=event.description,
            incident_type=event.incident_type,
            violence_type=event.violence_type,
            date_start=event.date_start,
            date_end=event.date_end,
            date_precision=event.date_precision,
            geo_precision=event.geo_precision,
            place_id=self._place(event.place).pk,
            status=self.status,
            external_source=self.module.NAME,
            external_id=event.external_id,
            external_record=event.record,
            **stamp,
        )
        incident.clean()
        links = [
            _instance(IncidentActor, actor_id=self._actor(actor).pk, role=role, **stamp)
            for actor, role in event.actors
        ]
        citations = []
        for spec in event.citations:
            report = self._report(spec.report)
            citation = _instance(
                Citation,
                {"report": report},
                report_id=report.pk,
                attributed_to_id=self._source(spec.attributed_to).pk
                if spec.attributed_to
                else None,
                quote=spec.quote,
                **stamp,
            )
            citation.clean()
            citations.append(citation)
        spec = event.figure
        report = self._report(spec.report)
        figure = _instance(
            CasualtyFigure,
            {"report": report},
            report_id=report.pk,
            attributed_to_id=self._source(spec.attributed_to).pk if spec.attributed_to else None,
            outcome=CasualtyFigure.Outcome.KILLED,
            count_min=spec.count_min,
            count_best=spec.count_best,
            count_max=spec.count_max,
            breakdown_complete=spec.breakdown_complete,
            quote=spec.quote,
            preferred=True,
            **stamp,
        )
        figure.clean()
        lines = [
            _instance(
                CasualtyGroup,
                count_min=line.count,
                count_max=line.count,
                nationalities=[],
                affiliation_id=self._actor(line.affiliation).pk if line.affiliation else None,
                combatant_status=line.combatant_status,
                **stamp,
            )
            for line in spec.lines
        ]
        for line in lines:
            line.clean()
        figure.check_breakdown(lines)
        return incident, links, citations, figure, lines

    def _write(self, planned) -> None:
        incidents = [entry[0] for entry in planned]
        figures = [entry[3] for entry in planned]
        _assign_ids(Incident, incidents)
        _assign_ids(CasualtyFigure, figures)
        links, citations, lines = [], [], []
        for incident, incident_links, incident_citations, figure, figure_lines in planned:
            for link in incident_links:
                link.incident_id = incident.pk
            for citation in incident_citations:
                citation.incident_id = incident.pk
            figure.incident_id = incident.pk
            for line in figure_lines:
                line.figure_id = figure.pk
            links += incident_links
            citations += incident_citations
            lines += figure_lines
        self._refresh_context()
        copy_rows(Incident, incidents)
        copy_rows(IncidentActor, links)
        copy_rows(Citation, citations)
        copy_rows(CasualtyFigure, figures)
        copy_rows(CasualtyGroup, lines)

    def _update(self, existing: dict, event: Event) -> Outcome:
        incident = Incident.objects.get(pk=existing["id"])
        changed = sorted(
            column
            for column in set(event.record) | set(existing["external_record"])
            if event.record.get(column) != existing["external_record"].get(column)
        )
        detail = ", ".join(
            f"{column} {existing['external_record'].get(column, '')!r} → "
            f"{event.record.get(column, '')!r}"
            for column in changed
        )
        try:
            previous = self.module.read_event(
                0, existing["external_record"], latest_day=self.latest_day
            )
        except RowRefused:
            previous = None
        try:
            with transaction.atomic():
                incident_save(
                    user=self.user,
                    data=self._update_data(incident, event, previous),
                    incident=incident,
                    reason=self.reason,
                    allow_status=True,
                )
        except ValidationError as error:
            return Outcome(event.line, event.external_id, "refused", _message(_error_dict(error)))
        return Outcome(event.line, event.external_id, "updated", detail)

    def _update_data(self, incident: Incident, event: Event, previous: Event | None) -> dict:
        """The payload for ``incident_save``: what this release of the dataset
        says replaces what the previous one said (``previous``, read from the
        stored record); rows editors added since (other figures, citations,
        actors) are kept as they are."""
        from_previous_actors, from_previous_citations = set(), set()
        if previous is not None:
            from_previous_actors = {(self._actor(a).pk, role) for a, role in previous.actors}
            from_previous_citations = {
                (self._report(c.report).pk, c.quote) for c in previous.citations
            }

        stored_links = {(link.actor_id, link.role): link.pk for link in incident.actor_links.all()}
        actors = []
        for key, role in event.actors:
            actor = self._actor(key)
            item = {"actor": actor, "role": role}
            pk = stored_links.pop((actor.pk, role), None)
            actors.append({"id": pk, **item} if pk else item)
        actors += [
            {"id": pk} for key, pk in stored_links.items() if key not in from_previous_actors
        ]

        stored_citations = {(c.report_id, c.quote): c.pk for c in incident.citations.all()}
        citations = []
        for spec in event.citations:
            report = self._report(spec.report)
            item = {
                "report": report,
                "attributed_to": self._source(spec.attributed_to) if spec.attributed_to else None,
                "quote": spec.quote,
            }
            pk = stored_citations.pop((report.pk, spec.quote), None)
            citations.append({"id": pk, **item} if pk else item)
        citations += [
            {"id": pk} for key, pk in stored_citations.items() if key not in from_previous_citations
        ]

        spec = event.figure
        dataset_report = self._report(spec.report)
        stored_figures = list(incident.casualty_figures.all())
        imported = next(
            (
                f
                for f in stored_figures
                if f.report_id == dataset_report.pk and f.outcome == CasualtyFigure.Outcome.KILLED
            ),
            None,
        )
        stored_lines = list(imported.breakdown.all()) if imported else []
        breakdown = []
        for index, line in enumerate(spec.lines):
            item = {
                "count_min": line.count,
                "count_max": line.count,
                "affiliation": self._actor(line.affiliation) if line.affiliation else None,
                "combatant_status": line.combatant_status,
            }
            if index < len(stored_lines):
                item["id"] = stored_lines[index].pk
            breakdown.append(item)
        figure = {
            "report": dataset_report,
            "attributed_to": self._source(spec.attributed_to) if spec.attributed_to else None,
            "outcome": CasualtyFigure.Outcome.KILLED,
            "count_min": spec.count_min,
            "count_best": spec.count_best,
            "count_max": spec.count_max,
            "breakdown_complete": spec.breakdown_complete,
            "quote": spec.quote,
            "breakdown": breakdown,
        }
        if imported is not None:
            figure["id"] = imported.pk
        figures = [figure] + [{"id": f.pk} for f in stored_figures if f is not imported]

        return {
            "title": event.title,
            "description": event.description,
            "incident_type": event.incident_type,
            "violence_type": event.violence_type,
            "date_start": event.date_start,
            "date_end": event.date_end,
            "date_precision": event.date_precision,
            "geo_precision": event.geo_precision,
            "place": self._place(event.place),
            "external_record": event.record,
            "actors": actors,
            "citations": citations,
            "casualty_figures": figures,
        }


_DEFAULTS: dict[type, dict] = {}


def _instance(model, related=None, /, **values):
    """An unsaved instance built without ``Model.__init__`` (a sixth of the
    cost, which counts at a million rows): every field's default, then the
    values given by attribute name; ``related`` fills the cache of relations
    that ``clean()`` reads, so that checking costs no query."""
    defaults = _DEFAULTS.get(model)
    if defaults is None:
        defaults = _DEFAULTS[model] = {
            field.attname: field.get_default()
            for field in model._meta.concrete_fields
            if not (field.has_default() and callable(field.default))
        }
    instance = model.__new__(model)
    instance.__dict__.update(defaults)
    instance.__dict__.update(values)
    instance._state = ModelState()
    if related:
        instance._state.fields_cache.update(related)
    return instance


def _assign_ids(model, instances: list) -> None:
    """Take ids from the table's sequence, so that children can point at
    their parents before anything is written."""
    if not instances:
        return
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [table, len(instances)],
        )
        for instance, (pk,) in zip(instances, cursor.fetchall(), strict=True):
            instance.pk = pk


def copy_rows(model, instances: Iterable) -> None:
    """Write model instances with ``COPY ... FROM STDIN``; every constraint and
    trigger of the table applies as to any insert."""
    if not instances:
        return
    instances = list(instances)
    fields = model._meta.concrete_fields
    if instances and instances[0].pk is None:
        # Rows nobody points at take their id from the column's default.
        fields = [f for f in fields if not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    json_fields = {f.attname for f in fields if f.get_internal_type() == "JSONField"}
    attnames = [f.attname for f in fields]
    statement = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for instance in instances:
            values = instance.__dict__
            copy.write_row(
                [Jsonb(values[name]) if name in json_fields else values[name] for name in attnames]
            )


def _error_dict(error: ValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return error.message_dict
    return {"row": error.messages}


def _message(errors: dict[str, list[str]]) -> str:
    return "; ".join(f"{column}: {' '.join(messages)}" for column, messages in errors.items())
