-- A bank result file marks each line of its batch paid or failed (status, payment, import, bank
-- reference: no indexed column). Free room in each page keeps those updates heap-only (no new
-- primary-key entry per line); the export writes a batch's lines into new pages at this fill.
-- docs/payments.md, "Benchmark".
ALTER TABLE withholding_lines SET (fillfactor = 60);
