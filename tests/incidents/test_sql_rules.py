"""The rules the database holds are the ones in incidents/sql/: the live
definitions (left by the migrations) equal what the newest files define."""

import pytest
from django.db import connection

from incidents.sql import RULES, all_rules_sql, rule_sql

SCRATCH = "rules_from_files"


def definitions(cursor, schema: str) -> dict[str, str]:
    """Functions, views and triggers named incidents_*, as PostgreSQL prints
    them, with the schema's name taken out."""
    cursor.execute(
        """
        SELECT 'function ' || p.proname, pg_get_functiondef(p.oid)
          FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
         WHERE n.nspname = %(schema)s AND p.proname LIKE 'incidents\\_%%'
        UNION ALL
        SELECT 'view ' || c.relname, pg_get_viewdef(c.oid)
          FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = %(schema)s AND c.relkind = 'v' AND c.relname LIKE 'incidents\\_%%'
        UNION ALL
        SELECT 'trigger ' || t.tgname, pg_get_triggerdef(t.oid)
          FROM pg_trigger t
         WHERE t.tgname LIKE 'incidents\\_%%' AND NOT t.tgisinternal
        """,
        {"schema": schema},
    )
    return {
        name: text.replace(f"{schema}.", "").replace("public.", "")
        for name, text in cursor.fetchall()
    }


def test_the_live_rules_are_the_newest_files(db):
    with connection.cursor() as cursor:
        live = definitions(cursor, "public")
        cursor.execute(f"CREATE SCHEMA {SCRATCH}")
        cursor.execute(f"SET LOCAL search_path = {SCRATCH}, public")
        cursor.execute(all_rules_sql())
        from_files = definitions(cursor, SCRATCH)
        cursor.execute("SET LOCAL search_path = public")

    expected_names = {
        "function incidents_check_breakdown",
        "function incidents_figure_breakdown_adds_up",
        "function incidents_group_breakdown_adds_up",
        "function incidents_fold",
        "function incidents_csv_safe",
        "view incidents_casualtyrow",
        "trigger incidents_figure_breakdown_adds_up",
        "trigger incidents_group_breakdown_adds_up",
    }
    assert set(from_files) == expected_names
    assert {name: live.get(name) for name in expected_names} == from_files


@pytest.mark.parametrize("name", RULES)
def test_each_rule_file_says_what_it_is_for(name):
    first_line = rule_sql(name).splitlines()[0]
    assert first_line.startswith("-- ")
