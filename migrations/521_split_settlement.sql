-- Split settlement (分次结算, docs/billing.md §19) and prepaid accounts in bill runs (§20). Owner: modules/billing.
--
-- split_settlement_agreements: an account billed several times a month. On each agreed day (days[k])
-- an interim bill (kind 'interim', interim_no k+1) of share_pct[k] % of the base is issued — the base is
-- the previous month's net amount of the account, or expected_monthly_fen when there is none; the bill
-- run's month-end bill rates the whole month on the real reading and nets the interim bills with a
-- true-up line, so the month adds up to exactly the single monthly bill. The limits (how many interims,
-- the last day, the payment term) are policy data (policy-data.ts SPLIT_SETTLEMENT_POLICY); the CHECKs
-- below only keep impossible rows out.
CREATE TABLE split_settlement_agreements (
  account_id bigint PRIMARY KEY,
  org_unit_id bigint NOT NULL,
  org_path text NOT NULL,
  days int[] NOT NULL CHECK (cardinality(days) BETWEEN 1 AND 31),
  share_pct numeric(5,2)[] NOT NULL CHECK (cardinality(share_pct) = cardinality(days)),
  expected_monthly_fen bigint CHECK (expected_monthly_fen IS NULL OR expected_monthly_fen > 0),
  payment_days int NOT NULL CHECK (payment_days BETWEEN 0 AND 90),
  active boolean NOT NULL DEFAULT true,
  updated_by bigint,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX split_settlement_agreements_org ON split_settlement_agreements (org_path text_pattern_ops);

-- Interim bills: a fourth kind; one per account, cycle and interim number (issuing it twice does nothing).
ALTER TABLE bills DROP CONSTRAINT bills_kind_check;
ALTER TABLE bills ADD CONSTRAINT bills_kind_check CHECK (kind IN ('normal', 'reversal', 'rebill', 'interim'));
ALTER TABLE bills ADD COLUMN interim_no smallint CHECK ((kind = 'interim') = (interim_no IS NOT NULL));
CREATE UNIQUE INDEX bills_one_interim ON bills (account_id, cycle, interim_no) WHERE kind = 'interim';

-- Accounts a run leaves out on purpose (not exceptions): prepaid accounts, charged daily by the prepaid
-- pass. Counted in the run's progress as skipped, listed with the reason.
CREATE TABLE bill_run_skips (
  run_id bigint NOT NULL REFERENCES bill_runs(id),
  account_id bigint NOT NULL,
  code text NOT NULL,
  message_zh text NOT NULL,
  message_en text NOT NULL,
  PRIMARY KEY (run_id, account_id)
);
ALTER TABLE bill_run_chunks ADD COLUMN skipped int NOT NULL DEFAULT 0;
