-- The Data page: facts stated only as a summary, newest first; $th: the Thai text where there is one.
SELECT as_of_year, as_of_month, as_of_date, as_of_precision,
       CASE WHEN $th THEN coalesce(text_th, text_en) ELSE text_en END AS text,
       source_url
FROM source_note
ORDER BY as_of_year DESC NULLS LAST, note_id
