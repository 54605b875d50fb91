-- The bills of a bad-debt write-off that is pending or approved, published for billing (docs/collection.md,
-- "Write-offs"): a bill written off, or proposed for it, is not cancelled and rebilled — the written-off
-- bill would stay recoverable beside its rebill and the customer would owe both.
-- Owner: modules/collection.
CREATE VIEW pub_bad_debt_write_off_bills AS
  SELECT wb.account_id, wb.bill_id, w.id AS write_off_id, w.status
    FROM bad_debt_write_off_bills wb JOIN bad_debt_write_offs w ON w.id = wb.write_off_id
   WHERE w.status IN ('pending', 'approved');
