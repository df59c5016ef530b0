-- Frozen copy of incidents/sql/*.sql as migration 0016 applied them.
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

-- The database's twin of core.text.fold(), so that a search for an Arabic word
-- matches whatever diacritics and letter forms the stored text uses. The marks
-- it drops and the letters it maps are filled in from core.text (ARABIC_MARKS,
-- FOLD_LETTERS) when the file is loaded: one table for both sides.
CREATE OR REPLACE FUNCTION incidents_fold(t text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT lower(btrim(regexp_replace(
        translate(
            regexp_replace(normalize(t, NFKC),
                           '[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]', '', 'g'),
            $from$أإآٱىئؤة“”«»„‘’‐–—İ$from$,
            $to$ااااييوه"""""''---i$to$),
        '\s+', ' ', 'g')))
$$;

-- A cell that a spreadsheet would read as a formula (=, +, -, @, tab, CR, LF:
-- OWASP's list) gets a leading quote, in every CSV the database writes.
CREATE OR REPLACE FUNCTION incidents_csv_safe(t text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    -- The code of the first character (= + - @ tab CR LF), not a regular
    -- expression: this runs on every text cell of every export, and ascii()
    -- measured cheapest.
    SELECT CASE WHEN ascii(t) IN (61, 43, 45, 64, 9, 13, 10) THEN '''' || t ELSE t END
$$;

-- One row per breakdown line, plus, for each figure whose breakdown is
-- incomplete, a row for the people its lines leave out: the rows of every
-- figure add up to the figure. The JSON list, the CSV and the totals read it.
CREATE OR REPLACE VIEW incidents_casualtyrow AS
WITH line_totals AS (
    SELECT figure_id,
           sum(coalesce(count_min, 0)) AS low,
           sum(coalesce(count_min, 0)) FILTER (WHERE count_max = count_min) AS exact
      FROM incidents_casualtygroup
     GROUP BY figure_id
), rows AS (
    -- Row ids: 2 x line id for lines, 2 x figure id + 1 for remainders, so
    -- that they never collide and stay positive (a leading minus sign is a
    -- formula to a spreadsheet).
    SELECT 2 * g.id AS id, g.id AS line_id, false AS is_remainder, g.figure_id,
           g.count_min,
           CASE WHEN g.count_max = g.count_min THEN g.count_min END AS count_best,
           g.count_max,
           g.nationalities, g.nationality_basis, g.excluded_nationality, g.affiliation_id,
           g.combatant_status, g.sex, g.age_group
      FROM incidents_casualtygroup g
    UNION ALL
    SELECT 2 * f.id + 1, NULL, true, f.id,
           CASE WHEN f.count_min IS NOT NULL
                THEN greatest(f.count_min - coalesce(t.low, 0), 0) END,
           CASE WHEN f.count_best IS NOT NULL
                THEN greatest(f.count_best - coalesce(t.low, 0), 0) END,
           CASE WHEN f.count_max IS NOT NULL
                THEN greatest(f.count_max - coalesce(t.low, 0), 0) END,
           '{}'::varchar(2)[], 'unknown', '', NULL, 'unknown', 'unknown', 'unknown'
      FROM incidents_casualtyfigure f
      LEFT JOIN line_totals t ON t.figure_id = f.id
     WHERE NOT f.breakdown_complete
       AND (f.count_min IS NULL OR f.count_max IS NULL OR f.count_max > coalesce(t.low, 0))
)
SELECT r.id, r.line_id, r.is_remainder, r.figure_id,
       f.incident_id, f.report_id, f.attributed_to_id, f.outcome, f.preferred,
       f.count_min AS figure_count_min, f.count_best AS figure_count_best,
       f.count_max AS figure_count_max,
       r.count_min, r.count_best, r.count_max,
       r.nationalities, r.nationality_basis, r.excluded_nationality, r.affiliation_id,
       r.combatant_status, r.sex, r.age_group, f.quote
  FROM rows r
  JOIN incidents_casualtyfigure f ON f.id = r.figure_id;
