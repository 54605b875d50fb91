-- The daily pass updates every account's ageing row in place (fee and days move each day): free room
-- in each page keeps those updates heap-only (no index entry written; the previous day's versions are
-- pruned on the page). docs/collection.md, "The daily pass".
ALTER TABLE arrears_accounts SET (fillfactor = 50);
