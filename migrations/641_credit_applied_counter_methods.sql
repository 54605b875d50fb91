-- Payments (docs/payments.md, docs/ledger.md): two posting changes of issue 11's remaining gaps
-- (illustrative rules and accounts, griddesk's; a real group replaces them with its own chart).
--
-- credit_applied { principal, lateFee } — the account's ordinary credit (预收电费, an overpayment kept as
--   credit) applied to its open bills when a bill run is released or by the sweep: the prepaid balance
--   pays the receivable. Dr 220301xx (total) / Cr 112201xx (principal), Cr 122101 (lateFee).
-- payment_received_card / payment_received_transfer { principal, lateFee, credit } — counter takings by
--   bank card and by bank transfer. Cash stays in 101201 until the cashier's deposit takes it to the bank
--   (cash_deposited); a card taking waits for the card acquirer's settlement in 101202 (银行卡待清算款,
--   a receivable in transit under 1012 其他货币资金); a transfer is already in the collection account 100201.
--   The credit side is payment_received's.
INSERT INTO ledger_accounts (code, name, name_en, level, parent_id, category, normal_side)
SELECT '101202', '银行卡待清算款', 'Card takings awaiting settlement', 2, id, 'asset', 'debit'
  FROM ledger_accounts WHERE code = '1012' AND org_unit_id IS NULL
   AND NOT EXISTS (SELECT 1 FROM ledger_accounts WHERE code = '101202' AND org_unit_id IS NULL);

INSERT INTO ledger_posting_rules (event_type, seq, customer_class, side, amount_key, account_code, source)
SELECT t, s, NULLIF(c, ''), d, k, a, 'griddesk 记账规则示例 / illustrative posting rule' FROM (VALUES
  ('credit_applied', 1, 'residential', 'debit', 'total', '22030101'),
  ('credit_applied', 1, 'commercial_industrial', 'debit', 'total', '22030102'),
  ('credit_applied', 1, 'agricultural', 'debit', 'total', '22030103'),
  ('credit_applied', 2, 'residential', 'credit', 'principal', '11220101'),
  ('credit_applied', 2, 'commercial_industrial', 'credit', 'principal', '11220102'),
  ('credit_applied', 2, 'agricultural', 'credit', 'principal', '11220103'),
  ('credit_applied', 3, '', 'credit', 'lateFee', '122101'),
  ('payment_received_card', 1, '', 'debit', 'total', '101202'),
  ('payment_received_transfer', 1, '', 'debit', 'total', '100201')
) AS v(t, s, c, d, k, a);

-- the credit side of the two counter methods: payment_received's own rows (seq 2-4), copied
INSERT INTO ledger_posting_rules (event_type, seq, customer_class, side, amount_key, account_code, source)
SELECT m.t, r.seq, r.customer_class, r.side, r.amount_key, r.account_code, r.source
  FROM ledger_posting_rules r CROSS JOIN (VALUES ('payment_received_card'), ('payment_received_transfer')) AS m(t)
 WHERE r.event_type = 'payment_received' AND r.seq > 1;
