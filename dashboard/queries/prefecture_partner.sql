-- The map's prefecture ($iso, ISO 3166-2) -> its partner: the local government of that subdivision
-- that is part of no other partner there (the prefecture, not one of its cities).
SELECT partner_id
FROM dim_partner
WHERE subdivision = $iso AND level = 'local_government'
  AND (parent_id IS NULL OR parent_id NOT IN (SELECT partner_id FROM dim_partner WHERE subdivision = $iso))
ORDER BY partner_id
LIMIT 1
