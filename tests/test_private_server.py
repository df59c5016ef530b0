"""The private PostgreSQL that a fresh clone runs on: started for a command,
reachable through DATABASE_URL, shared by commands that overlap, stopped when
the last of them ends."""

import subprocess
import sys
import time

import psutil
import pytest
from django.conf import settings

PROBE = (
    "import os, psycopg; "
    "c = psycopg.connect(os.environ['DATABASE_URL']); "
    "print(c.execute('select current_database(), version()').fetchone(), os.environ['DEBUG'])"
)
# The wheel creates its system user with useradd, found in /usr/sbin.
PATH = "/usr/bin:/bin:/usr/sbin:/sbin"


def servers_using(pgdata) -> list[int]:
    return [
        process.pid
        for process in psutil.process_iter(attrs=["name", "cmdline"])
        if process.info["name"] == "postgres"
        and str(pgdata) in " ".join(process.info["cmdline"] or [])
    ]


def supervised(var_dir, *command, **options):
    return subprocess.run(
        [sys.executable, "-m", "config.private_server", *command],
        cwd=settings.BASE_DIR,
        env={"VAR_DIR": str(var_dir), "PATH": PATH},
        capture_output=True,
        text=True,
        timeout=120,
        **options,
    )


def test_a_command_gets_its_own_server_in_development_mode_which_stops_afterwards(tmp_path):
    var_dir = tmp_path / "var"

    result = supervised(var_dir, sys.executable, "-c", PROBE)

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("('casualties', 'PostgreSQL ")
    assert result.stdout.rstrip().endswith(" true")
    assert (var_dir / "pgdata" / "PG_VERSION").exists()
    assert servers_using(var_dir / "pgdata") == []


def test_the_command_s_exit_status_is_passed_on(tmp_path):
    result = supervised(tmp_path / "var", sys.executable, "-c", "raise SystemExit(3)")

    assert result.returncode == 3
    assert servers_using(tmp_path / "var" / "pgdata") == []


def test_a_command_that_ends_while_another_uses_the_server_leaves_it_running(tmp_path):
    var_dir = tmp_path / "var"
    long_running = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "config.private_server",
            sys.executable,
            "-c",
            PROBE + "; import sys; sys.stdout.flush(); sys.stdin.read()",
        ],
        cwd=settings.BASE_DIR,
        env={"VAR_DIR": str(var_dir), "PATH": PATH},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert long_running.stdout.readline().startswith("('casualties'")

        short = supervised(var_dir, sys.executable, "-c", PROBE)

        assert short.returncode == 0, short.stderr
        assert servers_using(var_dir / "pgdata") != []
    finally:
        long_running.communicate("", timeout=60)
    assert long_running.returncode == 0
    assert servers_using(var_dir / "pgdata") == []


def test_a_killed_command_does_not_keep_the_server_alive_for_ever(tmp_path):
    var_dir = tmp_path / "var"
    killed = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "config.private_server",
            sys.executable,
            "-c",
            "import time; print('up', flush=True); time.sleep(600)",
        ],
        cwd=settings.BASE_DIR,
        env={"VAR_DIR": str(var_dir), "PATH": PATH},
        stdout=subprocess.PIPE,
        text=True,
    )
    assert killed.stdout.readline() == "up\n"
    supervisor = psutil.Process(killed.pid)
    children = supervisor.children()
    killed.kill()  # SIGKILL: no cleanup at all
    killed.wait()
    for child in children:
        child.kill()
    time.sleep(0.5)

    result = supervised(var_dir, sys.executable, "-c", "pass")

    assert result.returncode == 0, result.stderr
    assert servers_using(var_dir / "pgdata") == []


@pytest.mark.parametrize("command", [["create_editor", "--help"], ["showmigrations", "sources"]])
def test_manage_py_runs_as_printed_without_database_url_or_secret_key(tmp_path, command):
    result = subprocess.run(
        [sys.executable, "manage.py", *command],
        cwd=settings.BASE_DIR,
        env={"VAR_DIR": str(tmp_path / "var"), "PATH": PATH},
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert result.returncode == 0, result.stderr
    assert "ImproperlyConfigured" not in result.stderr
    assert servers_using(tmp_path / "var" / "pgdata") == []
