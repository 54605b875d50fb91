-- Published read view of the prepaid module (owner modules/prepaid, declared in PUBLISHED_VIEWS of
-- src/modules/table-owners.ts): which accounts are on prepaid fee control and since when. The monthly
-- bill run reads it to leave prepaid accounts out (docs/billing.md §20): the prepaid daily pass charges
-- them, a monthly bill would charge the same kWh twice. Numbered in prepaid's range: prepaid_accounts
-- exists from migration 620.
CREATE VIEW pub_prepaid_accounts AS
  SELECT account_id, plan_code, enrolled_at FROM prepaid_accounts;
