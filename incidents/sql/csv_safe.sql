-- A cell that a spreadsheet would read as a formula (=, +, -, @, tab, CR, LF:
-- OWASP's list) gets a leading quote, in every CSV the database writes.
CREATE OR REPLACE FUNCTION incidents_csv_safe(t text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    -- The code of the first character (= + - @ tab CR LF), not a regular
    -- expression: this runs on every text cell of every export, and ascii()
    -- measured cheapest.
    SELECT CASE WHEN ascii(t) IN (61, 43, 45, 64, 9, 13, 10) THEN '''' || t ELSE t END
$$;
