-- Gateway statement exceptions posted, and the daily statement fetch (docs/payments.md "Gateway statement").
-- Owner: modules/payments (tables); the accounts and posting rules are the ledger's reference data.
--
-- `gateway_difference` posts a statement line's money that the settlement does not cover (an order unknown to
-- griddesk, an amount or transaction that differs, a refund griddesk did not make or made for another amount):
--   Dr 100201 bank (bankIn) + Dr 660301 gateway fees (fee) + Dr 122106 due from the gateway (short)
--   = Cr 101201 collections in transit (transit) + Cr 224106 gateway receipts to be identified (over) + Cr 100201 bank (bankOut).
INSERT INTO ledger_accounts (code, name, name_en, level, parent_id, category, normal_side)
SELECT v.code, v.name, v.name_en, 2, p.id, v.category, v.side
  FROM (VALUES ('122106', '1221', '应收支付网关款', 'Due from the payment gateway', 'asset', 'debit'),
               ('224106', '2241', '支付网关待查款项', 'Gateway receipts to be identified', 'liability', 'credit')) AS v(code, parent, name, name_en, category, side)
  JOIN ledger_accounts p ON p.code = v.parent AND p.org_unit_id IS NULL
 WHERE NOT EXISTS (SELECT 1 FROM ledger_accounts a WHERE a.code = v.code AND a.org_unit_id IS NULL);

INSERT INTO ledger_posting_rules (event_type, seq, customer_class, side, amount_key, account_code, source)
SELECT t, s, NULL, d, k, a, 'griddesk 记账规则示例：网关对账差异 / illustrative: a gateway statement difference' FROM (VALUES
  ('gateway_difference', 1, 'debit', 'bankIn', '100201'),
  ('gateway_difference', 2, 'debit', 'fee', '660301'),
  ('gateway_difference', 3, 'debit', 'short', '122106'),
  ('gateway_difference', 4, 'credit', 'transit', '101201'),
  ('gateway_difference', 5, 'credit', 'over', '224106'),
  ('gateway_difference', 6, 'credit', 'bankOut', '100201')
) AS r(t, s, d, k, a);

-- a line's own posting: `gateway_difference` (`gwdiff:<line>`) for an exception, or `gateway_settled`
-- (`gwsettle:<statement>:<unit>:<line>`) for a line credited after its statement was finished; the amounts posted
ALTER TABLE gateway_statement_lines ADD COLUMN ledger_source text, ADD COLUMN posting jsonb;

-- The daily fetch of the previous day's statement (one row per statement day): attempts, the last failure
-- and when the next attempt is due, the statement once imported.
CREATE TABLE gateway_statement_fetches (
  statement_date date PRIMARY KEY,
  attempts int NOT NULL DEFAULT 0,
  last_attempt_at timestamptz,
  next_attempt_at timestamptz,
  last_error text,
  statement_id bigint REFERENCES gateway_statements(id),
  done_at timestamptz
);
