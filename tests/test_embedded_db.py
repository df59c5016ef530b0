"""The private PostgreSQL that a fresh clone runs on: started for a command,
reachable through DATABASE_URL, stopped when the command ends."""

import subprocess
import sys

import psutil
from django.conf import settings

PROBE = (
    "import os, psycopg; "
    "c = psycopg.connect(os.environ['DATABASE_URL']); "
    "print(c.execute('select current_database(), version()').fetchone())"
)


def servers_using(pgdata) -> list[int]:
    return [
        process.pid
        for process in psutil.process_iter(attrs=["name", "cmdline"])
        if process.info["name"] == "postgres"
        and str(pgdata) in " ".join(process.info["cmdline"] or [])
    ]


def test_a_command_gets_its_own_server_which_stops_afterwards(tmp_path):
    var_dir = tmp_path / "var"
    environment = {"VAR_DIR": str(var_dir), "PATH": "/usr/bin:/bin:/usr/sbin:/sbin"}

    result = subprocess.run(
        [sys.executable, "-m", "config.embedded_db", sys.executable, "-c", PROBE],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("('casualties', 'PostgreSQL ")
    assert (var_dir / "pgdata" / "PG_VERSION").exists()
    assert servers_using(var_dir / "pgdata") == []


def test_the_command_s_exit_status_is_passed_on(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "config.embedded_db", sys.executable, "-c", "raise SystemExit(3)"],
        cwd=settings.BASE_DIR,
        env={"VAR_DIR": str(tmp_path / "var"), "PATH": "/usr/bin:/bin:/usr/sbin:/sbin"},
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 3
    assert servers_using(tmp_path / "var" / "pgdata") == []
