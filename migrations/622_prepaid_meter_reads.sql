-- Prepaid accounts charged from billing's meter reads (docs/prepaid.md, "Charges from meter reads").
-- Owner: modules/prepaid (the view prepaid_kwh_reads is billing's, published for prepaid's daily pass).
-- Numbered 622: 621 is taken by pub_prepaid_accounts (billing's runs leave prepaid accounts out).

-- Where an account's consumption comes from: AMI daily totals (日冻结电量) or billing's meter reads.
ALTER TABLE prepaid_accounts ADD COLUMN usage_source text NOT NULL DEFAULT 'daily_totals'
  CHECK (usage_source IN ('daily_totals', 'meter_reads'));
-- The pass looks only at the accounts charged from reads; the column is never written by the pass,
-- so this partial index keeps the pass's updates HOT.
CREATE INDEX prepaid_accounts_meter_reads ON prepaid_accounts (account_id) WHERE usage_source = 'meter_reads';

-- A day's kWh: an AMI daily total, or the consumption of the meter reads the pass charged that day.
ALTER TABLE prepaid_usage ADD COLUMN source text NOT NULL DEFAULT 'daily_total' CHECK (source IN ('daily_total', 'meter_reads'));

-- Every kWh index read of a meter_reads account the pass has taken (the reading's key: account,
-- meter, read time — a read is taken once), the read before it, its kWh and the day it was charged.
CREATE TABLE prepaid_read_charges (
  account_id bigint NOT NULL REFERENCES prepaid_accounts(account_id),
  meter_id bigint NOT NULL,
  read_at timestamptz NOT NULL,
  prev_read_at timestamptz,
  prev_value numeric(18,4),
  value numeric(18,4) NOT NULL,
  multiplier numeric(12,4) NOT NULL,
  kwh numeric(12,3) NOT NULL CHECK (kwh >= 0),
  outcome text NOT NULL CHECK (outcome IN ('charged', 'baseline', 'not_chargeable')),
  day date NOT NULL,
  run_id bigint NOT NULL,
  PRIMARY KEY (account_id, meter_id, read_at)
);

-- Published by billing for prepaid's daily pass: the cumulative kWh register readings (index mode,
-- not superseded) and whether an open or disputed reading exception holds the reading back.
CREATE VIEW prepaid_kwh_reads AS
  SELECT r.account_id, r.meter_id, r.read_at, r.value, r.estimated, r.meter_changed,
         EXISTS (SELECT 1 FROM reading_exceptions e
                  WHERE e.account_id = r.account_id AND e.meter_id = r.meter_id AND e.read_at = r.read_at AND e.status IN ('open', 'disputed')) AS held
    FROM meter_readings r
   WHERE r.register = 'kwh_total' AND r.mode = 'index' AND NOT r.superseded;
