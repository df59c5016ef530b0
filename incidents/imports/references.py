"""Finding, or creating in bulk, the sources, reports, actors and places an
import's events name by their natural keys."""

from django.core.exceptions import ValidationError

from incidents.imports.layouts import Event
from incidents.imports.outcomes import Outcome, error_dict, message
from incidents.models import Actor, Place
from sources.models import Report, Source


class ReferenceResolver:
    """Caches of every stored key, so that each reference is looked up once
    per import and new ones are written together, chunk by chunk."""

    def _load_reference_caches(self) -> None:
        self.sources = {s.name: s for s in Source.objects.only("id", "name")}
        self.actors = {a.name: a for a in Actor.objects.only("id", "name")}
        self.places = {
            (p.country, p.admin1, p.admin2, p.name): p
            for p in Place.objects.only("id", "country", "admin1", "admin2", "name")
        }
        self.reports: dict[tuple, Report] = {}
        self.pending: dict[type, list] = {}

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
                    event.line, event.external_id, "refused", message(error_dict(error))
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
