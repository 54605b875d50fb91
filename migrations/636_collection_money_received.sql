-- Collection (docs/collection.md, "What collection reads"): what counts as a customer's payment.
--
-- collection_account_payments (migration 630) listed every posted payment, so a credit application — a
-- payment of channel 'credit' that moves money the account already holds (its ordinary credit 预收, a credit
-- bill, a cancelled bill's payments) onto a bill — counted as money paid: towards the installments of an
-- agreement (so an agreement could be kept, or completed, without the customer paying anything, and a counter
-- overpayment counted twice: once when received, again when its credit was applied), and with it the risk
-- score's broken-installment factor. A payment, for collection, is money received from the customer: at the
-- counter (cash, card, transfer, cheque), online through the gateway, or through the bank (withholding,
-- transfers matched from a bank file) — the channels 'counter', 'online' and 'bank'. Named, not "all but
-- credit", so a channel added later is not counted as money received until someone decides it is.
CREATE OR REPLACE VIEW collection_account_payments AS
  SELECT p.account_id, p.id AS payment_id, p.paid_on, p.paid_at, p.amount_fen
    FROM payments p WHERE p.status = 'posted' AND p.channel IN ('counter', 'online', 'bank');

-- Every posted payment, credit applications included: what settles debts. Collection reads it where any
-- settlement counts, not only money received — a recovery of a written-off debt (坏账收回) counts while its
-- payment stands, and a credit application may make one; the restore clock starts at the payment that
-- cleared the arrears, whatever its channel.
CREATE VIEW collection_posted_payments AS
  SELECT p.account_id, p.id AS payment_id, p.paid_on, p.paid_at, p.channel
    FROM payments p WHERE p.status = 'posted';
