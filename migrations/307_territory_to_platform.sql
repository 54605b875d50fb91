-- The territory leaves the crew_position policy for the platform setting (migration 007):
-- the value in force now is copied there, and the key is removed from every stored version, so
-- there is one territory. The policy's history of territories stays in the audit log
-- (outage_policy.update records). A future-dated version's territory is not kept (the territory
-- is not versioned: replace it with PUT /api/territory when the time comes).
UPDATE service_territory SET territory = p.data->'territory', updated_at = now()
  FROM (SELECT data FROM outage_policies WHERE name = 'crew_position' AND valid_from <= now() ORDER BY valid_from DESC, version DESC LIMIT 1) p
 WHERE service_territory.id = 1 AND p.data ? 'territory';
UPDATE outage_policies SET data = data - 'territory' WHERE name = 'crew_position';
