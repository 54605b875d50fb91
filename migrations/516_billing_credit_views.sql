-- Billing's read surface for payments' credit-bill sweep (docs/payments.md, "Credit bills"): the released
-- bills below zero (a month-end bill of split settlement that came out a credit, a rebill below zero) and the
-- cancelled bills (a cancel-and-rebill, 退补: the money paid on one is the customer's again). Published views
-- (src/modules/table-owners.ts, PUBLISHED_VIEWS); the partial indexes keep the sweep's reads small.
CREATE INDEX bills_credit ON bills (account_id, id) WHERE total_fen < 0 AND status = 'released' AND kind <> 'reversal';
CREATE INDEX bills_cancelled ON bills (account_id, id) WHERE status = 'cancelled';

CREATE VIEW billing_credit_bills AS
  SELECT b.account_id, b.id AS bill_id, b.cycle, b.total_fen
    FROM bills b WHERE b.total_fen < 0 AND b.status = 'released' AND b.kind <> 'reversal';

CREATE VIEW billing_cancelled_bills AS
  SELECT b.account_id, b.id AS bill_id, b.cycle FROM bills b WHERE b.status = 'cancelled';
