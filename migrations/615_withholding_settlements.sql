-- Withholding settlement (代扣结算), docs/payments.md: the bank transfers what a batch collected to
-- the company's collection account. Recording it posts `withholding_settled` { amount } per ledger
-- unit (event id `whsettle:<batch>:<unit>`): Dr 100201 bank / Cr 101201 collections in transit.
-- One settlement per batch. Owner: modules/payments. Money is integer fen.
CREATE TABLE withholding_settlements (
  batch_id bigint PRIMARY KEY REFERENCES withholding_batches(id),
  settled_on date NOT NULL,
  amount_fen bigint NOT NULL CHECK (amount_fen > 0),
  bank_ref text NOT NULL,
  -- { "<ledger unit id>": fen } posted, and the fen of payments under units that keep no books
  postings jsonb NOT NULL,
  unposted_fen bigint NOT NULL DEFAULT 0,
  org_path text NOT NULL,
  settled_by bigint,
  created_at timestamptz NOT NULL DEFAULT now()
);
