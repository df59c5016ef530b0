"""A national archive: the UCDP Syria data replicated to a million incidents.

    python bench/national_scale.py [--incidents 1000000] [--rebuild]

In the database ``<name>_national`` beside the configured one, it builds the
dataset by importing copies of ``fixtures/ucdp-ged-syria-2016-2019.csv.gz``
(ids made unique per copy, everything else as UCDP published it) through
``import_file``, with every trigger on (history, breakdown sums, foreign keys),
in files of ``--batch`` events. Then it serves the app with gunicorn (one
worker) and measures, each beside a baseline taken in the same run:

- import throughput vs ``COPY FROM`` of the same rows into the same tables
  (same triggers and constraints, the deferred checks included), target 25%+;
- the casualty CSV export vs ``COPY TO`` of the same rows, target 80%+;
- the statistics endpoint by month and affiliation vs the hand-written SQL,
  target within 1.5x and under a second;
- the incident list, first page and a page deep in the cursor: p50 and p95,
  target p95 under 100 ms;
- the admin incident list and a search in it: under a second;
- the peak resident memory of the server process throughout, and of this
  process during the import.

Without DATABASE_URL it uses the private server under var/.
"""

import argparse
import csv
import gzip
import http.cookiejar
import io
import json
import os
import re
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from base64 import b64encode
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from export_casualties import PeakMemory, bench_database_url  # noqa: E402

SYRIA = ROOT / "fixtures" / "ucdp-ged-syria-2016-2019.csv.gz"
WORK = ROOT / "var" / "bench"
PORT = 8731
USERNAME, PASSWORD = "bench", "national-scale-benchmark"

# The tables an import writes, parents first; the offset query shifts ids so
# that the baseline's copy of the rows does not collide with the originals.
COPIED_TABLES = (
    "incidents_incident",
    "incidents_incidentactor",
    "incidents_citation",
    "incidents_casualtyfigure",
    "incidents_casualtygroup",
)


# -- building ------------------------------------------------------------------


def replica_files(incidents: int, batch: int) -> list[Path]:
    """Copies of the Syria file, ``batch`` events per file, ids unique per copy."""
    with gzip.open(SYRIA, "rt", encoding="utf-8", newline="") as stream:
        reader = csv.DictReader(stream)
        columns, rows = reader.fieldnames, list(reader)
    WORK.mkdir(parents=True, exist_ok=True)
    files, written, copy = [], 0, 0
    while written < incidents:
        path = WORK / f"ged-replica-{len(files):03d}.csv"
        with path.open("w", encoding="utf-8", newline="") as out:
            writer = csv.DictWriter(out, columns, lineterminator="\n")
            writer.writeheader()
            in_file = 0
            while in_file < batch and written < incidents:
                row = rows[(written) % len(rows)]
                copy = written // len(rows)
                writer.writerow({**row, "id": f"{copy}{int(row['id']):08d}"})
                in_file += 1
                written += 1
        files.append(path)
    return files


def import_all(files: list[Path], user) -> list[tuple[int, float]]:
    from incidents.imports import import_file

    timings = []
    for path in files:
        started = time.perf_counter()
        with path.open("rb") as stream:
            summary = import_file(
                stream, layout="ucdp_ged", file_name=path.name, user=user, keep_outcomes=False
            )
        seconds = time.perf_counter() - started
        assert summary.written and summary.counts["refused"] == 0, summary.describe()
        timings.append((summary.counts["created"], seconds))
        print(f"  {path.name}: {summary.describe()} {seconds:.1f} s", flush=True)
    return timings


def rows_written(cursor) -> int:
    total = 0
    for table in COPIED_TABLES:
        cursor.execute(f"SELECT count(*) FROM {table}")
        total += cursor.fetchone()[0]
    return total


def copy_baseline(last_import_events: int) -> tuple[int, int, float]:
    """COPY FROM of the rows the last import wrote, into the same tables with
    every trigger and constraint on, then rolled back. Returns (events, rows, s)."""
    from django.db import connection, transaction

    offset = 10**12
    dumps = {}
    with connection.cursor() as cursor:
        # The last import wrote the newest incidents.
        cursor.execute("SELECT max(id) FROM incidents_incident")
        high = cursor.fetchone()[0]
        low = high - last_import_events + 1
        selects = {
            "incidents_incident": ("id", f"id BETWEEN {low} AND {high}"),
            "incidents_incidentactor": ("incident_id", f"incident_id BETWEEN {low} AND {high}"),
            "incidents_citation": ("incident_id", f"incident_id BETWEEN {low} AND {high}"),
            "incidents_casualtyfigure": ("incident_id", f"incident_id BETWEEN {low} AND {high}"),
            "incidents_casualtygroup": (
                "figure_id",
                "figure_id IN (SELECT id FROM incidents_casualtyfigure "
                f"WHERE incident_id BETWEEN {low} AND {high})",
            ),
        }
        for table, (_key, where) in selects.items():
            cursor.execute(
                "SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) FROM pg_attribute "
                "WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped",
                [table],
            )
            columns = cursor.fetchone()[0].split(", ")
            shifted = [
                f"{c} + {offset}" if c in ("id", "incident_id", "figure_id") else c for c in columns
            ]
            shifted = ["external_id || '-copy'" if c == "external_id" else c for c in shifted]
            statement = f"COPY (SELECT {', '.join(shifted)} FROM {table} WHERE {where}) TO STDOUT"
            buffer = io.BytesIO()
            with cursor.cursor.copy(statement) as copy:
                for block in copy:
                    buffer.write(block)
            dumps[table] = (columns, buffer.getvalue())
    events = dumps["incidents_incident"][1].count(b"\n")
    rows = sum(data.count(b"\n") for _columns, data in dumps.values())
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        for table in COPIED_TABLES:
            columns, data = dumps[table]
            with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                copy.write(data)
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    return events, rows, seconds


# -- serving -------------------------------------------------------------------


def start_server(database_url: str) -> subprocess.Popen:
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "SECRET_KEY": "benchmark-only",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_COOKIES": "false",  # plain HTTP on the loopback
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--workers",
            "1",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--timeout",
            "600",
        ],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/api/", timeout=2)
            return server
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


class Browser:
    def __init__(self):
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def get(self, path: str) -> tuple[float, bytes]:
        started = time.perf_counter()
        with self.opener.open(f"http://127.0.0.1:{PORT}{path}", timeout=600) as response:
            body = response.read()
        return time.perf_counter() - started, body

    def stream_lines(self, path: str) -> tuple[float, int]:
        started = time.perf_counter()
        lines = 0
        with self.opener.open(f"http://127.0.0.1:{PORT}{path}", timeout=600) as response:
            while block := response.read(1 << 20):
                lines += block.count(b"\n")
        return time.perf_counter() - started, lines

    def log_in(self) -> None:
        _seconds, page = self.get("/admin/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode(
            {
                "username": USERNAME,
                "password": PASSWORD,
                "csrfmiddlewaretoken": token.decode(),
                "next": "/admin/",
            }
        ).encode()
        request = urllib.request.Request(
            f"http://127.0.0.1:{PORT}/admin/login/",
            data=data,
            headers={"Referer": f"http://127.0.0.1:{PORT}/admin/login/"},
        )
        with self.opener.open(request, timeout=60) as response:
            assert b"log out" in response.read().lower(), "admin login failed"


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[max(0, round(0.95 * len(ordered)) - 1)]


def cursor_at(position: int) -> str:
    # DRF's CursorPagination encodes its position as base64("p=<id>").
    return b64encode(urllib.parse.urlencode({"p": position}).encode()).decode()


HAND_STATISTICS_SQL = """
WITH rows AS (
    SELECT f.incident_id, g.affiliation_id, g.count_min, g.count_max
      FROM incidents_casualtygroup g
      JOIN incidents_casualtyfigure f ON f.id = g.figure_id
     WHERE f.preferred
    UNION ALL
    SELECT f.incident_id, NULL, GREATEST(coalesce(f.count_best, f.count_min)
               - coalesce(sum(g.count_min), 0), 0), NULL
      FROM incidents_casualtyfigure f
      LEFT JOIN incidents_casualtygroup g ON g.figure_id = f.id
     WHERE f.preferred AND NOT f.breakdown_complete
     GROUP BY f.id
)
SELECT date_trunc('month', i.date_start) AS month, r.affiliation_id, a.name,
       count(DISTINCT r.incident_id), sum(r.count_min), sum(r.count_max)
  FROM rows r
  JOIN incidents_incident i ON i.id = r.incident_id
  LEFT JOIN incidents_actor a ON a.id = r.affiliation_id
 WHERE i.status = 'published'
 GROUP BY 1, 2, 3
 ORDER BY 1, 2, 3
"""


def measure_serving(browser, connection, results, arguments) -> None:
    """Every figure taken through the running server."""
    import django

    from incidents.exports import CASUALTY_COLUMNS
    from incidents.models import CasualtyRow, Incident

    # Casualty CSV vs COPY TO.
    same_rows = CasualtyRow.objects.filter(preferred=True, incident__status="published")
    plain = same_rows.order_by("id").values(
        **{f"col_{name}": django.db.models.F(path) for name, path, _t in CASUALTY_COLUMNS}
    )
    sql, params = plain.query.sql_with_params()
    started = time.perf_counter()
    copied = 0
    with (
        connection.connection.cursor() as cursor,
        cursor.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)", params) as copy,
    ):
        for block in copy:
            copied += bytes(block).count(b"\n")
    copy_to = time.perf_counter() - started
    export_seconds, exported = browser.stream_lines("/api/casualties/?format=csv")
    exported -= 1
    assert exported == copied, (exported, copied)
    results.append(
        (
            f"casualty CSV, {copied:,} rows (rows/s)",
            f"{exported / export_seconds:,.0f}",
            f"{copied / copy_to:,.0f} (COPY TO)",
            f"{(exported / export_seconds) / (copied / copy_to):.0%}",
            "80% or more",
        )
    )

    # Statistics by month and affiliation vs the hand-written SQL.
    def hand_sql():
        with connection.cursor() as cursor:
            cursor.execute(HAND_STATISTICS_SQL)
            return cursor.fetchall()

    hand_samples = []
    for _ in range(3):
        started = time.perf_counter()
        hand_rows = hand_sql()
        hand_samples.append(time.perf_counter() - started)
    stats_path = "/api/stats/casualties/?group_by=month,affiliation"
    cold, body = browser.get(stats_path)  # computed: nothing changed since? cached next
    warm = min(browser.get(stats_path)[0] for _ in range(arguments.requests))
    api_groups = len(json.loads(body)["results"])
    assert api_groups == len(hand_rows), (api_groups, len(hand_rows))
    results.append(
        (
            f"statistics by month and affiliation, {len(hand_rows):,} groups (s)",
            f"{cold:.3f}",
            f"{min(hand_samples):.3f} (hand SQL)",
            f"{cold / min(hand_samples):.2f}x",
            "1.5x or less",
        )
    )
    results.append(
        (
            "  the same again, data unchanged (s, from the cache)",
            f"{warm:.3f}",
            "",
            "",
            "under 1 s",
        )
    )

    # Incident list: first page and a page deep in the cursor.
    top = Incident.objects.order_by("-id").values_list("id", flat=True).first()
    deep = int(Incident.objects.count() * 0.9) // 50  # nine tenths down the list
    for label, path in (
        ("incident list, first page", "/api/incidents/"),
        (
            f"incident list, page {deep:,} deep",
            f"/api/incidents/?cursor={cursor_at(top - 50 * deep)}",
        ),
    ):
        samples = []
        for _ in range(arguments.requests):
            seconds, body = browser.get(path)
            samples.append(seconds)
        assert body.count(b'"external_id"') == 50, body[:300]
        p50, p95 = percentiles(samples)
        results.append(
            (
                f"{label}, 50 incidents (ms p50 / p95)",
                f"{p50 * 1000:.0f} / {p95 * 1000:.0f}",
                "",
                "",
                "p95 under 100 ms",
            )
        )

    # The admin list and a search, logged in.
    browser.log_in()
    for label, path in (
        ("admin incident list", "/admin/incidents/incident/"),
        ("admin search, a village", "/admin/incidents/incident/?q=Teir+Maaleh"),
        ("admin search, a common word", "/admin/incidents/incident/?q=Government"),
        ("admin search, a word found nowhere", "/admin/incidents/incident/?q=Atlantis"),
        (
            "admin list, filtered by governorate",
            "/admin/incidents/incident/?governorate=Aleppo+Governorate",
        ),
    ):
        samples = []
        for _ in range(max(5, arguments.requests // 8)):
            seconds, body = browser.get(path)
            samples.append(seconds)
        assert b'id="result_list"' in body or b"0 results" in body, body[:500]
        p50, p95 = percentiles(samples)
        results.append(
            (
                f"{label} (ms p50 / p95)",
                f"{p50 * 1000:.0f} / {p95 * 1000:.0f}",
                "",
                "",
                "under 1 s",
            )
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--incidents", type=int, default=1_000_000)
    parser.add_argument("--batch", type=int, default=100_000, help="events per imported file")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--requests", type=int, default=40, help="samples per latency figure")
    arguments = parser.parse_args()

    database_url = bench_database_url("_national", recreate=arguments.rebuild)
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("SECRET_KEY", "benchmark-only")
    os.environ["DEBUG"] = "false"
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection

    from incidents.models import ImportRun, Incident

    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)  # served as in production
    user = get_user_model().objects.filter(username=USERNAME).first()
    if user is None:
        user = get_user_model().objects.create_superuser(USERNAME, password=PASSWORD)
    results = []

    have = Incident.objects.count()
    if have < arguments.incidents:
        print(f"building: {arguments.incidents:,} incidents from copies of {SYRIA.name}")
        files = replica_files(arguments.incidents, arguments.batch)
        with PeakMemory() as memory:
            timings = import_all(files, user)
        import_peak = memory.peak_mb
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        events = sum(count for count, _seconds in timings)
        seconds = sum(seconds for _count, seconds in timings)
        results.append(("import, all files (events/s)", f"{events / seconds:,.0f}", "", "", ""))
        results.append(("import process peak RSS (MB)", f"{import_peak:,.0f}", "", "", ""))
    else:
        timings = None
        print(f"data: {have:,} incidents already imported (--rebuild to start again)")

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM incidents_casualtygroup")
        lines = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM incidents_incidentevent")
        history = cursor.fetchone()[0]
    print(
        f"data: {Incident.objects.count():,} incidents, {lines:,} casualty lines, "
        f"{history:,} incident history events"
    )

    # Import vs COPY FROM, on the last file imported.
    last_run = ImportRun.objects.order_by("id").last()
    events, rows, copy_seconds = copy_baseline(last_run.created)
    if timings:
        last_events, last_seconds = timings[-1]
        ours = last_events / last_seconds
        baseline = events / copy_seconds
        results.append(
            (
                f"import of the last file, {last_events:,} events (events/s)",
                f"{ours:,.0f}",
                f"{baseline:,.0f} (COPY FROM, {rows:,} rows)",
                f"{ours / baseline:.0%}",
                "25% or more",
            )
        )
    else:
        results.append(
            ("COPY FROM baseline (events/s)", "", f"{events / copy_seconds:,.0f}", "", "")
        )

    server = start_server(database_url)
    browser = Browser()
    try:
        with PeakMemory(server.pid) as server_memory:
            measure_serving(browser, connection, results, arguments)
    finally:
        server.terminate()
        server.wait()
    results.append(("server process peak RSS (MB)", f"{server_memory.peak_mb:,.0f}", "", "", ""))

    print(f"\n{'measure':62} {'ours':>14} {'baseline':>34} {'ratio':>7}  target")
    for label, ours, baseline, ratio, target in results:
        print(f"{label:62} {ours:>14} {baseline:>34} {ratio:>7}  {target}")


if __name__ == "__main__":
    main()
