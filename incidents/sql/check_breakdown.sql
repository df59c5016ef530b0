-- The database's own check that a breakdown fits its figure, the rule of
-- CasualtyFigure.check_breakdown: a complete breakdown adds up to the figure
-- (its best count when it has one); an incomplete one counts no more people
-- than the figure. Called at commit by the triggers in breakdown_triggers.sql.
CREATE OR REPLACE FUNCTION incidents_check_breakdown(checked_figure_id bigint) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    figure incidents_casualtyfigure%ROWTYPE;
    low bigint;
    high bigint;
    open_ended boolean;
    line_count bigint;
    target integer;
    ceiling integer;
BEGIN
    SELECT * INTO figure FROM incidents_casualtyfigure WHERE id = checked_figure_id;
    IF NOT FOUND THEN
        RETURN;  -- the figure was deleted with its lines
    END IF;
    SELECT coalesce(sum(coalesce(count_min, 0)), 0), sum(count_max),
           coalesce(bool_or(count_max IS NULL), false), count(*)
      INTO low, high, open_ended, line_count
      FROM incidents_casualtygroup WHERE figure_id = checked_figure_id;
    IF figure.breakdown_complete THEN
        target := coalesce(figure.count_best, figure.count_min);
        IF line_count = 0 OR low > target OR (NOT open_ended AND high < target) THEN
            RAISE EXCEPTION 'casualty figure %: complete breakdown adds up to % (up to %) but the figure says %',
                checked_figure_id, low, CASE WHEN open_ended THEN 'any' ELSE high::text END, target
                USING ERRCODE = 'check_violation', CONSTRAINT = 'incidents_breakdown_adds_up';
        END IF;
    ELSE
        ceiling := coalesce(figure.count_best, figure.count_max, figure.count_min);
        IF ceiling IS NOT NULL AND low > ceiling THEN
            RAISE EXCEPTION 'casualty figure %: breakdown counts % but the figure says %',
                checked_figure_id, low, ceiling
                USING ERRCODE = 'check_violation', CONSTRAINT = 'incidents_breakdown_within_figure';
        END IF;
    END IF;
END;
$$;
