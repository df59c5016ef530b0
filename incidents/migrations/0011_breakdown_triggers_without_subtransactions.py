"""The breakdown-sum triggers, written by hand instead of through pgtrigger.

pgtrigger wraps every trigger function in a check of ``pgtrigger.ignore`` that
opens a subtransaction (a BEGIN ... EXCEPTION block) on each call. For these two
row-level triggers, deferred to commit, that made each check cost time in
proportion to the events still queued: importing 6,000 events spent 16 s in the
checks alone, growing with the square of the file. Plain constraint triggers
check the same rule (``incidents_check_breakdown``, migration 0002) in a
fraction of the time, and nothing here needs to be switched off by pgtrigger.
"""

import pgtrigger.migrations
from django.db import migrations

CREATE = """
CREATE FUNCTION incidents_figure_breakdown_adds_up() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM incidents_check_breakdown(NEW.id);
    RETURN NULL;
END;
$$;

CREATE FUNCTION incidents_group_breakdown_adds_up() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM incidents_check_breakdown(OLD.figure_id);
    END IF;
    IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.figure_id IS DISTINCT FROM OLD.figure_id
                              OR NEW.count_min IS DISTINCT FROM OLD.count_min
                              OR NEW.count_max IS DISTINCT FROM OLD.count_max) THEN
        PERFORM incidents_check_breakdown(NEW.figure_id);
    END IF;
    RETURN NULL;
END;
$$;

CREATE CONSTRAINT TRIGGER incidents_figure_breakdown_adds_up
    AFTER INSERT OR UPDATE ON incidents_casualtyfigure
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION incidents_figure_breakdown_adds_up();

CREATE CONSTRAINT TRIGGER incidents_group_breakdown_adds_up
    AFTER INSERT OR UPDATE OR DELETE ON incidents_casualtygroup
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION incidents_group_breakdown_adds_up();
"""

DROP = """
DROP TRIGGER incidents_group_breakdown_adds_up ON incidents_casualtygroup;
DROP TRIGGER incidents_figure_breakdown_adds_up ON incidents_casualtyfigure;
DROP FUNCTION incidents_group_breakdown_adds_up();
DROP FUNCTION incidents_figure_breakdown_adds_up();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0010_imports_and_statement_level_history"),
    ]

    operations = [
        pgtrigger.migrations.RemoveTrigger(
            model_name="casualtyfigure",
            name="figure_breakdown_adds_up",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="casualtygroup",
            name="group_breakdown_adds_up",
        ),
        migrations.RunSQL(CREATE, DROP),
    ]
