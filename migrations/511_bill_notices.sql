-- E-bills (docs/billing.md §14): each released bill's notice (SMS with amount and due date; e-mail with the
-- link to the bill) is queued to the outbox once. bills.notice_at is set in the transaction that writes the
-- bill's outbox messages, so a released bill is noticed exactly once, whichever instance queues it.
ALTER TABLE bills ADD COLUMN notice_at timestamptz;
-- bills released before e-bills existed are not noticed afterwards
UPDATE bills SET notice_at = released_at WHERE status = 'released';
-- the bills waiting for their notice (reversals are told through their rebill's notice)
CREATE INDEX bills_notice_due ON bills (id) WHERE notice_at IS NULL AND status = 'released' AND kind <> 'reversal';

-- The link printed in e-bill messages; {billId} is replaced by the bill id. NULL: no link, the message
-- says where to look (the portal). A company sets the address of its own portal here.
ALTER TABLE billing_settings ADD COLUMN ebill_link text CHECK (ebill_link IS NULL OR ebill_link LIKE '%{billId}%');
