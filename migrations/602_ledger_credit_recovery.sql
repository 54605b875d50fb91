-- Group ledger (docs/ledger.md): posting rules of three money events added by issue 11's last part
-- (illustrative, griddesk's; the accounts are migration 600's and 601's).
--
-- bill_credit_applied { principal, lateFee, credit } — a credit bill (a negative month-end bill of split
--   settlement) or the money paid on a cancelled bill, applied by payments to the account's open debts:
--   the credit already stands on the receivable (the bill's own posting), so the receivable is debited
--   with the whole credit and credited with what it settled; the rest becomes the customer's prepaid
--   balance (预收电费). Dr 112201xx (total) / Cr 112201xx (principal), Cr 122101 (lateFee), Cr 220301xx (credit).
-- bad_debt_recovered { principal, lateFee } — 坏账收回: the written-off receivable reinstated for the amount
--   recovered (Dr 112201xx / Cr 123101; Dr 122101 / Cr 123102); the receipt itself is the payment's own
--   `payment_received` (Cr 112201xx / Cr 122101). 企业会计准则——应用指南, 附录 会计科目 1231 坏账准备.
-- late_fee_credited { lateFee } — a late fee already paid and waived afterwards: the income is taken back and
--   the money becomes the customer's credit. Dr 630101 / Cr 220301xx.
INSERT INTO ledger_posting_rules (event_type, seq, customer_class, side, amount_key, account_code, source)
SELECT t, s, NULLIF(c, ''), d, k, a, 'griddesk 记账规则示例 / illustrative posting rule' FROM (VALUES
  ('bill_credit_applied', 1, 'residential', 'debit', 'total', '11220101'),
  ('bill_credit_applied', 1, 'commercial_industrial', 'debit', 'total', '11220102'),
  ('bill_credit_applied', 1, 'agricultural', 'debit', 'total', '11220103'),
  ('bill_credit_applied', 2, 'residential', 'credit', 'principal', '11220101'),
  ('bill_credit_applied', 2, 'commercial_industrial', 'credit', 'principal', '11220102'),
  ('bill_credit_applied', 2, 'agricultural', 'credit', 'principal', '11220103'),
  ('bill_credit_applied', 3, '', 'credit', 'lateFee', '122101'),
  ('bill_credit_applied', 4, 'residential', 'credit', 'credit', '22030101'),
  ('bill_credit_applied', 4, 'commercial_industrial', 'credit', 'credit', '22030102'),
  ('bill_credit_applied', 4, 'agricultural', 'credit', 'credit', '22030103'),
  ('bad_debt_recovered', 1, 'residential', 'debit', 'principal', '11220101'),
  ('bad_debt_recovered', 1, 'commercial_industrial', 'debit', 'principal', '11220102'),
  ('bad_debt_recovered', 1, 'agricultural', 'debit', 'principal', '11220103'),
  ('bad_debt_recovered', 2, '', 'credit', 'principal', '123101'),
  ('bad_debt_recovered', 3, '', 'debit', 'lateFee', '122101'),
  ('bad_debt_recovered', 4, '', 'credit', 'lateFee', '123102'),
  ('late_fee_credited', 1, '', 'debit', 'lateFee', '630101'),
  ('late_fee_credited', 2, 'residential', 'credit', 'lateFee', '22030101'),
  ('late_fee_credited', 2, 'commercial_industrial', 'credit', 'lateFee', '22030102'),
  ('late_fee_credited', 2, 'agricultural', 'credit', 'lateFee', '22030103')
) AS v(t, s, c, d, k, a);
