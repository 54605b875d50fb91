-- The daily late-fee pass made incremental (docs/collection.md, "The daily pass"; issue 11 `latefees`).
--
-- Before: `late_fee_accruals` held each open bill's fee to date with its lines, and every pass rewrote
-- every row (the fee grows each day). Now each open bill keeps its fee *terms* in `late_fee_terms`:
-- the lines closed by its payments (fixed once written) and the open line (from `tail_from`, on
-- `tail_base_fen`) that runs to the day of the last pass, split at the carry-over day. The view
-- `late_fee_accruals` derives the same columns as before (days, exact, fee, minimum, lines) as of that
-- day (`late_fee_pass_state.as_of`). A pass writes only the terms of bills that are new or changed
-- (bill figures, customer class, principal owed or the payments it rests on, or the policy) and
-- deletes those of bills no longer open; the next day's fee of an unchanged bill needs no write.

DROP TABLE late_fee_accruals;

CREATE TABLE late_fee_terms (
  account_id bigint NOT NULL,
  bill_id bigint NOT NULL,
  org_unit_id bigint NOT NULL,
  org_path text NOT NULL,
  -- what the terms were computed from (a pass recomputes a bill when any of these differs)
  due_date date NOT NULL,
  cycle text NOT NULL,
  total_fen bigint NOT NULL,
  customer_class text NOT NULL,
  principal_owed_fen bigint NOT NULL,
  -- the principal payments whose drop is in effect ('paid_on:fen,…' of payments before the pass day)
  paid_key text NOT NULL,
  -- the terms: rates and minimum of the policy, the first fee day and the carry-over day
  first_day date NOT NULL,
  boundary date NOT NULL,
  rate_cur numeric NOT NULL,
  rate_prior numeric NOT NULL,
  minimum_fen bigint NOT NULL,
  -- lines closed by payments (same shape as LateFeeResult.lines), their days and exact sum
  done_days int NOT NULL,
  done_exact numeric NOT NULL,
  done_lines jsonb NOT NULL,
  -- the open line: from this day to the pass day, on this amount
  tail_from date NOT NULL,
  tail_base_fen bigint NOT NULL CHECK (tail_base_fen > 0),
  pass_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (account_id, bill_id)
);

-- One row: the day the terms were last brought to, and the late-fee policy they were computed with.
CREATE TABLE late_fee_pass_state (
  one boolean PRIMARY KEY DEFAULT true CHECK (one),
  as_of date NOT NULL,
  policy_key text NOT NULL
);

-- The late fee of each open bill to the last pass day, explained per line: the same columns as the
-- table it replaces. The open line splits at the carry-over day (currentYear before it, priorYear on).
CREATE VIEW late_fee_accruals AS
  SELECT x.account_id, x.bill_id, x.org_unit_id, x.org_path, x.as_of, x.due_date, x.principal_owed_fen,
         x.done_days + x.cd + x.pd AS days,
         trim_scale(x.exact) AS exact_fen,
         CASE WHEN x.done_days + x.cd + x.pd > 0 THEN greatest(round(x.exact)::bigint, x.minimum_fen) ELSE 0 END AS fee_fen,
         x.done_days + x.cd + x.pd > 0 AND round(x.exact) < x.minimum_fen AS minimum_applied,
         x.done_lines
           || CASE WHEN x.cd > 0 THEN jsonb_build_array(jsonb_build_object('from', x.tail_from, 'to', x.tail_from + x.cd - 1, 'days', x.cd,
                'rate', x.rate_cur::text, 'yearRate', 'currentYear', 'baseFen', x.tail_base_fen, 'exactFen', trim_scale(x.cur_exact)::text))
              ELSE '[]'::jsonb END
           || CASE WHEN x.pd > 0 THEN jsonb_build_array(jsonb_build_object('from', x.as_of - x.pd + 1, 'to', x.as_of, 'days', x.pd,
                'rate', x.rate_prior::text, 'yearRate', 'priorYear', 'baseFen', x.tail_base_fen, 'exactFen', trim_scale(x.prior_exact)::text))
              ELSE '[]'::jsonb END AS lines,
         x.pass_at
    FROM (SELECT y.account_id, y.bill_id, y.org_unit_id, y.org_path, y.as_of, y.due_date, y.principal_owed_fen, y.done_days, y.done_lines,
                 y.tail_from, y.tail_base_fen, y.rate_cur, y.rate_prior, y.minimum_fen, y.pass_at, y.cd, y.pd,
                 y.cd * y.rate_cur * y.tail_base_fen AS cur_exact,
                 y.pd * y.rate_prior * y.tail_base_fen AS prior_exact,
                 y.done_exact + y.cd * y.rate_cur * y.tail_base_fen + y.pd * y.rate_prior * y.tail_base_fen AS exact
            FROM (SELECT t.account_id, t.bill_id, t.org_unit_id, t.org_path, s.as_of, t.due_date, t.principal_owed_fen, t.done_days, t.done_exact,
                         t.done_lines, t.tail_from, t.tail_base_fen, t.rate_cur, t.rate_prior, t.minimum_fen, t.pass_at,
                         -- days of the open line before the carry-over day (currentYear) and from it (priorYear)
                         greatest(0, least(t.boundary - 1, s.as_of) - t.tail_from + 1) AS cd,
                         greatest(0, s.as_of - greatest(t.boundary, t.tail_from) + 1) AS pd
                    FROM late_fee_terms t CROSS JOIN late_fee_pass_state s) y) x;

-- The accruals are rebuilt by the next pass: let the background run the last pass day again.
DELETE FROM collection_pass_runs WHERE pass_date = (SELECT max(pass_date) FROM collection_pass_runs);
