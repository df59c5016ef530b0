import pytest
from django.db import connection
from pytest_django.live_server_helper import LiveServer


@pytest.fixture
def live_server(transactional_db):
    """A server for this test alone. Its request threads keep their database
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
