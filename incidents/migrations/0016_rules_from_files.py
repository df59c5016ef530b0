"""The rules' SQL now lives in incidents/sql/, one file each. This applies a
frozen copy of those files (migrations/sql/0016_rules_from_files.sql): the
definitions of 0002, 0005 and 0011 again, and the fold mapping İ to i as
PostgreSQL's lower() does."""

from pathlib import Path

from django.db import migrations

FROZEN = Path(__file__).resolve().parent / "sql" / "0016_rules_from_files.sql"


class Migration(migrations.Migration):
    dependencies = [("incidents", "0015_coordinates_come_in_pairs")]

    operations = [
        # Reversing leaves the definitions in place: the earlier ones differ
        # only in the fold's İ.
        migrations.RunSQL(FROZEN.read_text(encoding="utf-8"), migrations.RunSQL.noop),
    ]
