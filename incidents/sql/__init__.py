"""The SQL that defines rules the database holds by itself, one file each:
the breakdown check and its triggers, the text fold, CSV safety and the flat
casualty rows.

These files are the newest definitions. Migrations never read them: each
migration that changes a rule runs a frozen copy of the files as they were
(``incidents/migrations/sql/``), so that old migrations keep meaning what they
did; a test compares the live database with these files.
"""

from pathlib import Path

from core.text import ARABIC_MARKS, FOLD_LETTERS

SQL_DIR = Path(__file__).resolve().parent
# In order: the view reads tables only; the triggers call the check.
RULES = ("check_breakdown", "breakdown_triggers", "fold", "csv_safe", "casualty_rows")


def rule_sql(name: str) -> str:
    """The file's SQL, with the fold's tables filled in from core.text."""
    text = (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")
    return (
        text.replace("@ARABIC_MARKS@", ARABIC_MARKS)
        .replace("@FOLD_FROM@", "".join(FOLD_LETTERS))
        .replace("@FOLD_TO@", "".join(FOLD_LETTERS.values()))
    )


def all_rules_sql() -> str:
    return "\n".join(rule_sql(name) for name in RULES)
