-- The database's twin of core.text.fold(), so that a search for an Arabic word
-- matches whatever diacritics and letter forms the stored text uses. The marks
-- it drops and the letters it maps are filled in from core.text (ARABIC_MARKS,
-- FOLD_LETTERS) when the file is loaded: one table for both sides.
CREATE OR REPLACE FUNCTION incidents_fold(t text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT lower(btrim(regexp_replace(
        translate(
            regexp_replace(normalize(t, NFKC),
                           '@ARABIC_MARKS@', '', 'g'),
            $from$@FOLD_FROM@$from$,
            $to$@FOLD_TO@$to$),
        '\s+', ' ', 'g')))
$$;
