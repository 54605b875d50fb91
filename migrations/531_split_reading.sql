-- Split reading (分次抄表, docs/billing.md §22). Owner: modules/billing.
--
-- An account's split-settlement agreement (migration 521) gets a basis: 'share' — interim bills of a share of the
-- previous month's amount (分次划拨, as before) — or 'reading' — the meter is read on the agreement's days and each
-- interim bill rates the consumption since the previous interim reading (energy and funds; the basic charge and
-- the power factor adjustment stay with the month-end bill). Either way the month-end bill rates the whole month
-- and nets the month's interim bills. A reading schedule carries no shares.
ALTER TABLE split_settlement_agreements ADD COLUMN basis text NOT NULL DEFAULT 'share' CHECK (basis IN ('share', 'reading'));
ALTER TABLE split_settlement_agreements DROP CONSTRAINT split_settlement_agreements_check;
ALTER TABLE split_settlement_agreements ADD CONSTRAINT split_settlement_agreements_shares
  CHECK (CASE basis WHEN 'share' THEN cardinality(share_pct) = cardinality(days) ELSE cardinality(share_pct) = 0 END);
