-- Group ledger (docs/ledger.md): a write-off (坏账核销) takes off the late fees charged and not paid
-- as well as the principal. Its allowance account and the two posting steps for the `lateFee`
-- component of `write_off` (illustrative, griddesk's; the principal steps are migration 600's).
INSERT INTO ledger_accounts (code, name, name_en, level, parent_id, category, normal_side)
SELECT '123102', '坏账准备—应收违约金', 'Allowance — late fees receivable', 2, id, 'asset', 'credit'
  FROM ledger_accounts WHERE code = '1231' AND org_unit_id IS NULL;

INSERT INTO ledger_posting_rules (event_type, seq, customer_class, side, amount_key, account_code, source) VALUES
  ('write_off', 3, NULL, 'debit', 'lateFee', '123102', 'griddesk 记账规则示例：核销已计未收违约金 / illustrative: write-off of late fees charged and unpaid'),
  ('write_off', 4, NULL, 'credit', 'lateFee', '122101', 'griddesk 记账规则示例：核销已计未收违约金 / illustrative: write-off of late fees charged and unpaid');
