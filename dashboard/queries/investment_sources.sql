-- The web pages of the sources a headline names ($d_ids: investment_source numbers, from investment_marks).
SELECT source_id, source_url FROM investment_source WHERE list_contains($d_ids::UBIGINT[], source_id) ORDER BY source_id
