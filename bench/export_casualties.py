"""Casualty CSV export vs a plain PostgreSQL COPY of the same rows.

    python bench/export_casualties.py [--rows 1000000] [--rebuild]

Builds (once, in the database ``<name>_bench`` beside the configured one) a
table of ``--rows`` casualty rows: incidents with one preferred killed figure of
four breakdown lines each. Then, in one run, it times

- baseline: ``COPY (SELECT <the same columns> ...) TO STDOUT WITH (FORMAT csv)``
  read straight from psycopg, no neutralisation, no HTTP;
- ours: ``GET /api/casualties/?format=csv`` through Django (filters, visibility,
  formula neutralisation, booleans as true/false, the streamed response),

and prints rows per second, the ratio, and the peak growth of this process's
memory during each. Without DATABASE_URL it uses the private server under var/.
"""

import argparse
import os
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LINES_PER_FIGURE = 4


def bench_database_url(suffix: str = "_bench", *, recreate: bool = False) -> str:
    """The database ``<configured name><suffix>`` on the configured server (or
    the private one), created when missing, or dropped and created anew."""
    base = os.environ.get("DATABASE_URL")
    if not base:
        from config.private_server import attach

        base = attach(ROOT / "var")
        os.environ.setdefault("DEBUG", "true")
    parts = urlsplit(base)
    name = parts.path.lstrip("/") + suffix
    import psycopg

    maintenance = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        if recreate:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if (
            recreate
            or not connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [name]
            ).fetchone()
        ):
            connection.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path="/" + name))


def build(rows: int, rebuild: bool) -> None:
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM incidents_casualtygroup")
        existing = cursor.fetchone()[0]
        if existing == rows and not rebuild:
            print(f"data: {existing:,} casualty rows already built")
            return
        started = time.perf_counter()
        incidents = rows // LINES_PER_FIGURE
        cursor.execute(
            "TRUNCATE incidents_casualtygroup, incidents_casualtyfigure, incidents_citation, "
            "incidents_incidentactor, incidents_incidentrelation, incidents_incident, "
            "incidents_place, incidents_actor, sources_report, sources_source CASCADE"
        )
        # Rows are consistent by construction (each figure is 10 = 1+2+3+4), so
        # the per-row triggers are skipped while the bulk data is generated.
        cursor.execute("SET session_replication_role = replica")
        cursor.execute(BUILD_SQL, {"incidents": incidents})
        cursor.execute("SET session_replication_role = origin")
        cursor.execute("ANALYZE")
        print(f"data: built {rows:,} casualty rows in {time.perf_counter() - started:.1f} s")


BUILD_SQL = """
INSERT INTO sources_source (created_at, updated_at, name, name_ar, kind, url, country, description)
VALUES (now(), now(), 'Syrian Observatory for Human Rights', 'المرصد السوري لحقوق الإنسان',
        'monitoring_group', '', 'GB', '');
INSERT INTO sources_report (created_at, updated_at, source_id, title, url, published_on, language,
                            text, archive_url)
SELECT now(), now(), id, 'Daily toll', '', date '2019-11-30', 'ar', '', '' FROM sources_source;
INSERT INTO incidents_actor (created_at, updated_at, name, name_ar, kind, country)
VALUES (now(), now(), 'Government of Syria', 'الحكومة السورية', 'state_forces', 'SY'),
       (now(), now(), 'Syrian insurgents', 'فصائل المعارضة', 'rebel_group', 'SY'),
       (now(), now(), 'IS', 'تنظيم الدولة', 'armed_group', '');
INSERT INTO incidents_place (created_at, updated_at, name, name_ar, country, admin1, admin2,
                             latitude, longitude)
SELECT now(), now(), g || ' town', '', 'SY', g, '', 35.0, 38.0
  FROM unnest(ARRAY['Aleppo Governorate', 'Rif Dimashq Governorate', 'Deir ez Zor Governorate',
                    'Idlib Governorate', 'Ar Raqqah Governorate', 'Hamah Governorate',
                    'Homs Governorate', 'Daraa Governorate']) g;
INSERT INTO incidents_incident (created_at, updated_at, title, description, incident_type,
       date_start, date_end, date_precision, date_note, year_inferred, place_id, geo_precision,
       status)
SELECT now(), now(), 'Shelling and clashes, event ' || n, '', 'armed_clash',
       date '2016-01-01' + (n %% 1430), date '2016-01-01' + (n %% 1430), 'day', '', false,
       (SELECT min(id) FROM incidents_place) + (n %% 8), 'exact', 'published'
  FROM generate_series(1, %(incidents)s) n;
INSERT INTO incidents_casualtyfigure (created_at, updated_at, incident_id, report_id,
       attributed_to_id, outcome, count_min, count_best, count_max, breakdown_complete, quote,
       preferred)
SELECT now(), now(), i.id, (SELECT min(id) FROM sources_report), NULL, 'killed', 8, 10, 12, true,
       'Clashes killed 10', true
  FROM incidents_incident i;
INSERT INTO incidents_casualtygroup (created_at, updated_at, figure_id, count_min, count_max,
       nationalities, nationality_basis, excluded_nationality, affiliation_id, combatant_status,
       sex, age_group)
SELECT now(), now(), f.id, v.n, v.n, v.nationalities::varchar(2)[], v.basis, '',
       CASE WHEN v.actor > 0 THEN (SELECT min(id) FROM incidents_actor) + v.actor - 1 END,
       v.status, 'unknown', 'unknown'
  FROM incidents_casualtyfigure f
 CROSS JOIN (VALUES (1, '{SY}', 'inferred', 1, 'combatant'),
                    (2, '{SY}', 'inferred', 2, 'combatant'),
                    (3, '{SY}', 'stated', 0, 'civilian'),
                    (4, '{}', 'unknown', 0, 'unknown'))
       AS v(n, nationalities, basis, actor, status);
"""


class PeakMemory:
    """Samples the resident memory of a process (this one by default, or
    ``pid`` and its children) every few milliseconds."""

    def __init__(self, pid: int | None = None):
        import psutil

        self.process = psutil.Process(pid)
        self.start = self.peak = self._rss()
        self._running = True
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _rss(self) -> int:
        try:
            processes = [self.process, *self.process.children(recursive=True)]
            return max(process.memory_info().rss for process in processes)
        except Exception:
            return self.peak

    def _sample(self):
        while self._running:
            self.peak = max(self.peak, self._rss())
            time.sleep(0.005)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._running = False
        self._thread.join()

    @property
    def peak_mb(self) -> float:
        return self.peak / 2**20

    @property
    def growth_mb(self) -> float:
        return (self.peak - self.start) / 2**20


def count_rows(chunks) -> tuple[int, int]:
    newlines = size = 0
    for chunk in chunks:
        newlines += chunk.count(b"\n")
        size += len(chunk)
    return newlines, size


def run_baseline(statement: str, params) -> tuple[int, int]:
    from django.db import connection

    connection.ensure_connection()
    with connection.connection.cursor() as cursor, cursor.copy(statement, params) as copy:
        return count_rows(bytes(block) for block in copy)


def run_ours():
    from django.test import Client

    response = Client().get("/api/casualties/", {"format": "csv"})
    assert response.status_code == 200, response.status_code
    lines, size = count_rows(response.streaming_content)
    return lines - 1, size  # less the header


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each; the best is kept")
    arguments = parser.parse_args()

    os.environ["DATABASE_URL"] = bench_database_url()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("SECRET_KEY", "benchmark-only")
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    import django

    django.setup()
    from django.db.models import F

    from incidents.exports import CASUALTY_COLUMNS
    from incidents.models import CasualtyRow

    build(arguments.rows, arguments.rebuild)

    same_rows = CasualtyRow.objects.filter(preferred=True, incident__status="published")
    plain = same_rows.order_by("id").values(
        **{f"col_{name}": F(path) for name, path, _text in CASUALTY_COLUMNS}
    )
    sql, params = plain.query.sql_with_params()
    baseline_statement = f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)"

    results = {}
    for label, run in (
        ("plain COPY TO STDOUT (baseline)", lambda: run_baseline(baseline_statement, params)),
        ("GET /api/casualties/?format=csv", run_ours),
    ):
        best = None
        for _ in range(arguments.repeat):
            with PeakMemory() as memory:
                started = time.perf_counter()
                rows, size = run()
                seconds = time.perf_counter() - started
            if best is None or seconds < best[0]:
                best = (seconds, rows, size, memory.growth_mb)
        results[label] = best

    print(f"\n{'':34} {'rows':>10} {'MB':>8} {'seconds':>8} {'rows/s':>10} {'peak RSS +MB':>13}")
    for label, (seconds, rows, size, growth) in results.items():
        print(
            f"{label:34} {rows:>10,} {size / 2**20:>8.1f} {seconds:>8.2f} "
            f"{rows / seconds:>10,.0f} {growth:>13.1f}"
        )
    (base_s, base_rows, *_), (ours_s, ours_rows, *_) = results.values()
    assert base_rows == ours_rows, (base_rows, ours_rows)
    ratio = (ours_rows / ours_s) / (base_rows / base_s)
    print(
        f"\nours / baseline speed: {ratio:.0%} (target 80% or more); "
        f"peak memory growth: {results['GET /api/casualties/?format=csv'][3]:.1f} MB "
        f"(target under 50 MB)"
    )


if __name__ == "__main__":
    main()
