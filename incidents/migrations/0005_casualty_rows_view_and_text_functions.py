"""SQL that the API, the exports and the statistics share.

- ``incidents_fold(text)``: the database twin of ``sources.text.fold``, so that
  a search for an Arabic word matches whatever diacritics and letter forms the
  stored text uses (a test keeps the two in step).
- ``incidents_csv_safe(text)``: prefixes a cell that a spreadsheet would read as
  a formula (=, +, -, @, tab, CR, LF: OWASP's CSV injection list) with a quote.
- ``incidents_casualtyrow``: one row per breakdown line, plus, for each figure
  whose breakdown is incomplete, a row for the people the lines leave out, so
  that the rows of every figure add up to the figure.
- Existing figures get their default preferred figure: the most recent report's.
"""

from django.db import migrations

# The letter variants and punctuation that sources.text.fold() maps, pairwise.
FOLD_FROM = "أإآٱىئؤة“”«»„‘’‐–—"
FOLD_TO = "ااااييوه" + '"' * 5 + "''" + "---"

FUNCTIONS = r"""
CREATE FUNCTION incidents_fold(t text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT lower(btrim(regexp_replace(
        translate(
            regexp_replace(normalize(t, NFKC),
                           '[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]', '', 'g'),
            $from${FOLD_FROM}$from$,
            $to${FOLD_TO}$to$),
        '\s+', ' ', 'g')))
$$;

CREATE FUNCTION incidents_csv_safe(t text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    -- The code of the first character (= + - @ tab CR LF), not a regular
    -- expression: this runs on every text cell of every export, and ascii()
    -- measured cheapest.
    SELECT CASE WHEN ascii(t) IN (61, 43, 45, 64, 9, 13, 10) THEN '''' || t ELSE t END
$$;
""".replace("{FOLD_FROM}", FOLD_FROM).replace("{FOLD_TO}", FOLD_TO)

VIEW = r"""
CREATE VIEW incidents_casualtyrow AS
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
"""

PREFER_LATEST_REPORT = """
UPDATE incidents_casualtyfigure f SET preferred = true
  FROM (
    SELECT DISTINCT ON (f.incident_id, f.outcome) f.id
      FROM incidents_casualtyfigure f JOIN sources_report r ON r.id = f.report_id
     ORDER BY f.incident_id, f.outcome, r.published_on DESC NULLS LAST, r.id DESC, f.id DESC
  ) latest
 WHERE f.id = latest.id
   AND NOT EXISTS (SELECT 1 FROM incidents_casualtyfigure p
                    WHERE p.incident_id = f.incident_id AND p.outcome = f.outcome AND p.preferred);
"""


class Migration(migrations.Migration):
    dependencies = [("incidents", "0004_preferred_figure_and_casualty_rows")]

    operations = [
        migrations.RunSQL(
            FUNCTIONS,
            "DROP FUNCTION incidents_fold(text); DROP FUNCTION incidents_csv_safe(text);",
        ),
        migrations.RunSQL(VIEW, "DROP VIEW incidents_casualtyrow;"),
        migrations.RunSQL(PREFER_LATEST_REPORT, migrations.RunSQL.noop),
    ]
