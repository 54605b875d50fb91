-- The credit sweep's candidates (docs/payments.md, "Ordinary credit applied to later bills"): the accounts whose
-- payments' credit (overpayments and credit left by credit bills, less applications of the account's credit) is
-- above zero. Only rows that move that sum are indexed — payments with a credit part and applications of the
-- account credit — so the sweep reads this small index (index only: the columns it sums are included) instead of
-- grouping the whole payments table every minute. Adds no data; the query must repeat the predicate literally
-- (account-credits.ts, CREDIT_HOLDERS_SQL) for the planner to use it.
CREATE INDEX payments_credit_holders ON payments (account_id) INCLUDE (channel, method, amount_fen, credit_fen)
  WHERE status = 'posted' AND (credit_fen <> 0 OR method = 'account_credit');
