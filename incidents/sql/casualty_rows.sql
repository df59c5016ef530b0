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
