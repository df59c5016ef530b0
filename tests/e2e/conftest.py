import pytest
from django.db import connection
from pytest_django.live_server_helper import LiveServer


@pytest.fixture
def live_server(transactional_db, django_db_serialized_rollback):
    """A server for this test alone; the database is restored afterwards with
    the rows migrations made (groups). Its request threads keep their database
    sessions after it stops, which would block dropping the test database, so
    they are ended here."""
    server = LiveServer("127.0.0.1:0")
    yield server
    server.stop()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
