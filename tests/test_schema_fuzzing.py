"""Every operation of the OpenAPI schema, fed generated input by schemathesis:
no input may yield a server error, and every answer must match the schema
(status codes, content types, bodies).

About 30 generated requests per operation, each sent as an anonymous reader and
as an account in every group (so that writes reach the services): more than
2,000 cases, run in-process against the WSGI application inside the test's
transaction.
"""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from core.api.tokens import token_issue
from tests.factories import make_user

CASES_PER_OPERATION = 30

# Not "schema-valid data must be accepted": an id that names no row, or a cursor
# this API never wrote, matches the schema and is rightly a 400.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture
def api_schema(db):
    # As Django's test client does: the test's transaction holds the
    # connection, which the end of each request would otherwise close.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def everyone(world):
    """Seed rows to find, and a token of an account in every group."""
    world.save(status="published")
    user = make_user("fuzzer", group="editor")
    for group in ("reviewer", "viewer"):
        user.groups.add(user.groups.model.objects.get(name=group))
    _token, key = token_issue(user=user)
    return {"Authorization": f"Token {key}"}


def test_no_input_breaks_the_api_or_its_schema(api_schema, everyone):
    cases, failures = 0, {}
    for result in api_schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(
            max_examples=CASES_PER_OPERATION,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def call(case):
            nonlocal cases
            cases += 2
            case.call_and_validate(checks=CHECKS)
            case.call_and_validate(headers=everyone, checks=CHECKS)

        try:
            call()
        except (Exception, BaseExceptionGroup) as failure:  # gathered, then reported together
            failures[operation.label] = str(failure)[:2000]

    print(f"schemathesis: {cases} cases, {len(failures)} operations failing")
    for label, failure in failures.items():
        print(f"\n=== {label}\n{failure}")
    assert sorted(failures) == []
    assert cases >= 1000
