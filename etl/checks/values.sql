-- Values in range: no negative counts or amounts, years 1900-2100, a value has its baht figure.
SELECT 'negative' AS problem, record_id FROM fact_investment WHERE value < 0 OR projects < 0 OR jobs < 0
UNION ALL SELECT 'year out of range', record_id FROM fact_investment WHERE year NOT BETWEEN 1900 AND 2100
UNION ALL SELECT 'value without baht', record_id FROM fact_investment WHERE value IS NOT NULL AND value_thb_million IS NULL
UNION ALL SELECT 'no measure', record_id FROM fact_investment WHERE value IS NULL AND projects IS NULL
UNION ALL SELECT 'year out of range', agreement_id FROM fact_agreement WHERE signed_year NOT BETWEEN 1900 AND 2100
UNION ALL SELECT 'end before start', delegation_id FROM fact_delegation WHERE end_date < start_date OR end_year < start_year
UNION ALL SELECT 'negative', delegation_id FROM fact_delegation WHERE participants < 0 OR companies < 0;
