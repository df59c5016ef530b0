-- A figure and its lines are checked together at commit, deferred so that
-- both may change in one transaction, by plain constraint triggers (pgtrigger's
-- wrapper opened a subtransaction per call, which grew with the square of an
-- import's size).
CREATE OR REPLACE FUNCTION incidents_figure_breakdown_adds_up() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM incidents_check_breakdown(NEW.id);
    RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION incidents_group_breakdown_adds_up() RETURNS trigger
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

DROP TRIGGER IF EXISTS incidents_figure_breakdown_adds_up ON incidents_casualtyfigure;
CREATE CONSTRAINT TRIGGER incidents_figure_breakdown_adds_up
    AFTER INSERT OR UPDATE ON incidents_casualtyfigure
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION incidents_figure_breakdown_adds_up();

DROP TRIGGER IF EXISTS incidents_group_breakdown_adds_up ON incidents_casualtygroup;
CREATE CONSTRAINT TRIGGER incidents_group_breakdown_adds_up
    AFTER INSERT OR UPDATE OR DELETE ON incidents_casualtygroup
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION incidents_group_breakdown_adds_up();
