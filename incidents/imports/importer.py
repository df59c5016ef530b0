"""The state and steps of one import: events read, references resolved, new
incidents checked and copied in, changed ones updated through the service."""

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from core.errors import Errors
from core.rows import RowChecks
from core.stamped import Stamped
from incidents.imports.layouts import Event, RowRefused
from incidents.imports.outcomes import Outcome, error_dict, message
from incidents.imports.references import ReferenceResolver
from incidents.models import (
    CasualtyFigure,
    CasualtyGroup,
    Citation,
    Incident,
    IncidentActor,
)
from incidents.services import incident_save
from incidents.services.bulk import assign_ids, copy_rows, unsaved
from incidents.services.checks import check_breakdown, check_row
from sources.models import latest_today


class Importer(ReferenceResolver):
    """The state of one import: references already resolved, ids already seen."""

    def __init__(self, module, *, user, status, run, reason):
        self.module = module
        self.user = user if user is not None and user.is_authenticated else None
        self.status = status
        self.run = run
        self.reason = reason
        self.latest_day = latest_today()
        self.seen_ids: dict[str, int] = {}
        self._load_reference_caches()

    # -- one chunk ----------------------------------------------------------

    def process(self, chunk: list[tuple[int, dict]]) -> list[Outcome]:
        outcomes: dict[int, Outcome] = {}
        events: list[Event] = []
        for line, row in chunk:
            external_id = (row.get(self.module.ID_COLUMN) or "").strip()
            try:
                event = self.module.read_event(line, row, latest_day=self.latest_day)
            except RowRefused as refused:
                outcomes[line] = Outcome(line, external_id, "refused", message(refused.errors))
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
        """New incidents, checked row by row by the same rules as an editor's
        (incidents.services.checks), the check constraints of the whole chunk
        in one query per table; an event with any fault is refused alone."""
        errors = Errors()
        checks = RowChecks(errors)
        now = timezone.now()
        planned = {event.line: self._build(event, now, checks) for event in events}
        checks.run()
        faults: dict[int, dict[str, list[str]]] = {}
        for path, messages in errors.by_path.items():
            line, _, where = path.partition(":")
            faults.setdefault(int(line), {})[where] = messages
        outcomes = []
        for event in events:
            if event.line in faults:
                detail = message(faults.pop(event.line))
                outcomes.append(Outcome(event.line, event.external_id, "refused", detail))
                del planned[event.line]
            else:
                detail = " ".join(event.warnings)
                outcomes.append(Outcome(event.line, event.external_id, "created", detail))
        if planned:
            self._write(list(planned.values()))
        return outcomes

    def _build(self, event: Event, now, checks: RowChecks):
        """Model instances for one event, handed to ``checks`` under paths
        that start with the event's line."""
        stamp = Stamped.stamp_values(self.user, now)
        at = f"{event.line}:"
        incident = unsaved(
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
        check_row(checks, incident, f"{at}incident", resolved=True)
        links = [
            unsaved(IncidentActor, actor_id=self._actor(actor).pk, role=role, **stamp)
            for actor, role in event.actors
        ]
        for index, link in enumerate(links):
            check_row(checks, link, f"{at}actors[{index}]", resolved=True)
        citations = []
        for spec in event.citations:
            report = self._report(spec.report)
            citation = unsaved(
                Citation,
                {"report": report},
                report_id=report.pk,
                attributed_to_id=self._source(spec.attributed_to).pk
                if spec.attributed_to
                else None,
                quote=spec.quote,
                **stamp,
            )
            check_row(checks, citation, f"{at}citations[{len(citations)}]", resolved=True)
            citations.append(citation)
        spec = event.figure
        report = self._report(spec.report)
        figure = unsaved(
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
        check_row(checks, figure, f"{at}figure", resolved=True)
        lines = [
            unsaved(
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
        for index, line in enumerate(lines):
            check_row(checks, line, f"{at}figure.breakdown[{index}]", resolved=True)
        check_breakdown(figure, lines, f"{at}figure", checks.errors)
        return incident, links, citations, figure, lines

    def _write(self, planned) -> None:
        incidents = [entry[0] for entry in planned]
        figures = [entry[3] for entry in planned]
        assign_ids(Incident, incidents)
        assign_ids(CasualtyFigure, figures)
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
            return Outcome(event.line, event.external_id, "refused", message(error_dict(error)))
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
