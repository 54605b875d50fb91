-- Billing settings editable through the API (docs/billing.md §17) and the pay QR code on bills (§13).
-- Owner: modules/billing.
-- pay_link: the payment page a bill's QR code opens, with {payRef} standing for the bill's pay reference
-- (缴费编号); while it is not set, the QR code carries the pay reference itself (what a teller or a bank
-- app types). updated_at: when an administrator last changed the settings.
ALTER TABLE billing_settings
  ADD COLUMN pay_link text CHECK (pay_link IS NULL OR pay_link LIKE '%{payRef}%'),
  ADD COLUMN updated_at timestamptz;
