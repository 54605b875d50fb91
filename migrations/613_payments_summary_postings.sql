-- Bank result files post one summarised ledger entry per chunk, ledger unit and customer class
-- (docs/payments.md, "Bank withholding", postings). A payment posted that way names the entry's source
-- id here (`payment_received` and, when fees were charged, `late_fee_charged` share it), so every
-- summarised entry traces to its payments: SELECT … FROM payments WHERE ledger_source = <source id>.
-- NULL: the payment has its own entries (`payment:<id>`, `payfee:<id>:<bill>`), as counter and online ones do.
ALTER TABLE payments ADD COLUMN ledger_source text;
CREATE INDEX payments_ledger_source ON payments (ledger_source) WHERE ledger_source IS NOT NULL;
