"""Importing dataset files (UCDP GED, ACLED): all of a file or nothing, audited.

A file is read in chunks. Each row becomes an :class:`~incidents.imports.layouts.Event`
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
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import islice

import pghistory
import psycopg
from django.db import DatabaseError, connection, transaction

from incidents.imports.layouts import LAYOUTS
from incidents.imports.outcomes import Outcome
from incidents.models import (
    CasualtyFigure,
    CasualtyGroup,
    Citation,
    ImportRun,
    Incident,
    IncidentActor,
)

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
    from incidents.imports.importer import Importer

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
                importer = Importer(module, user=user, status=status, run=run, reason=reason)
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
