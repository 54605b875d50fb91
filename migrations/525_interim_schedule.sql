-- Split settlement's scheduled interim bills (分次结算, docs/billing.md §19). Owner: modules/billing.
--
-- billing_settings.interim_auto_issue: whether the background job issues each agreement's interim bills on
-- their agreed day (true: the agreement's days are what was agreed with the customer). The demo seed turns it
-- off (its tests count the month's bills, notices and receivable without interim bills).
ALTER TABLE billing_settings ADD COLUMN interim_auto_issue boolean NOT NULL DEFAULT true;

-- One row per China Standard Time day on which the job's pass finished: the pass runs on the day's first tick
-- and not again that day (an interim refused that day — no base, month settled — is not tried on every tick).
-- A pass cut short writes no row and is run again whole; each interim is idempotent, so nothing is issued twice.
CREATE TABLE interim_bill_passes (
  pass_date date PRIMARY KEY,
  issued int NOT NULL,
  already int NOT NULL,
  refused int NOT NULL,
  finished_at timestamptz NOT NULL DEFAULT now()
);
