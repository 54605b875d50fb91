-- The scorecard rollups of migration 730 are built online, in steps, instead of in one transaction
-- that kept every writer of orders, callbacks and calls out for the whole build (72 s at 10,000,000
-- orders). docs/scorecards.md "Building a rollup without stopping writers".
--
-- Each source table has a watermark in its meta row: the rows below it are counted in the rollup,
-- the rows at or above it are not yet. NULL = every row is counted (built). A step counts the rows
-- of one range [lo, hi) and moves the watermark to hi in the same transaction, holding a SHARE lock
-- on the source table for that step only, so no writer is in flight while the step reads and every
-- writer after it sees the new watermark. The triggers add a write's contribution only for rows
-- below the watermark (each side of an UPDATE on its own: a row moved across the watermark is
-- taken out of the rollup and counted when its range's step comes). The last step (hi = NULL)
-- covers everything above the watermark, inserts still arriving included.
-- Owners: work_order_* and callback_day_measures → modules/workorders; qa_call_* → modules/analytics.

-- ── Work orders and callbacks: watermarks on id ────────────────────────────────────────────────
ALTER TABLE work_order_rollup_meta
  ADD COLUMN orders_upto    bigint,  -- work_orders.id below this are counted; NULL: all
  ADD COLUMN callbacks_upto bigint;  -- callbacks.id below this are counted; NULL: all

CREATE OR REPLACE FUNCTION work_order_rollup_trg() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  m work_order_rollup_meta;
  upto bigint;
  src text;
BEGIN
  SELECT * INTO m FROM work_order_rollup_meta WHERE id = 1;
  IF m.day_offset_min IS NULL THEN RETURN NULL; END IF;
  upto := CASE WHEN TG_TABLE_NAME = 'work_orders' THEN m.orders_upto ELSE m.callbacks_upto END;
  src := CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT n.*, 1 AS sign FROM new_rows n'
    WHEN 'DELETE' THEN 'SELECT o.*, -1 AS sign FROM old_rows o'
    ELSE 'SELECT n.*, 1 AS sign FROM new_rows n UNION ALL SELECT o.*, -1 AS sign FROM old_rows o' END;
  IF upto IS NOT NULL THEN
    src := format('SELECT * FROM (%s) s WHERE s.id < %s', src, upto);
  END IF;
  IF TG_TABLE_NAME = 'work_orders' THEN
    EXECUTE work_order_rollup_sql(src) USING m.day_offset_min;
  ELSE
    EXECUTE callback_rollup_sql(src) USING m.day_offset_min;
  END IF;
  RETURN NULL;
END $$;

-- Starts a build for a day offset: empties the rollups, nothing counted yet. The caller holds
-- SHARE locks on work_orders and callbacks (no writer in flight counts under the old offset).
CREATE FUNCTION work_order_rollup_reset(off int) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM work_order_day_measures;
  DELETE FROM callback_day_measures;
  UPDATE work_order_rollup_meta SET day_offset_min = off, orders_upto = 0, callbacks_upto = 0 WHERE id = 1;
END $$;

-- One step: counts the rows of tbl ('work_orders' | 'callbacks') with lo <= id < hi (hi NULL: no
-- upper bound, the last step) and moves the watermark to hi. The caller holds a SHARE lock on tbl.
CREATE FUNCTION work_order_rollup_step(tbl text, lo bigint, hi bigint) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  off int;
  range text := format('WHERE x.id >= %s', lo) || CASE WHEN hi IS NULL THEN '' ELSE format(' AND x.id < %s', hi) END;
BEGIN
  SELECT day_offset_min INTO off FROM work_order_rollup_meta WHERE id = 1 FOR UPDATE;
  IF tbl = 'work_orders' THEN
    EXECUTE work_order_rollup_sql(format('SELECT x.*, 1 AS sign FROM work_orders x %s', range)) USING off;
    UPDATE work_order_rollup_meta SET orders_upto = hi WHERE id = 1;
  ELSIF tbl = 'callbacks' THEN
    EXECUTE callback_rollup_sql(format('SELECT x.*, 1 AS sign FROM callbacks x %s', range)) USING off;
    UPDATE work_order_rollup_meta SET callbacks_upto = hi WHERE id = 1;
  ELSE
    RAISE EXCEPTION 'unknown rollup source %', tbl;
  END IF;
END $$;

-- The whole build in one transaction (kept for callers that hold the locks anyway, e.g. tests).
CREATE OR REPLACE FUNCTION work_order_rollup_rebuild(off int) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM work_order_rollup_reset(off);
  PERFORM work_order_rollup_step('work_orders', 0, NULL);
  PERFORM work_order_rollup_step('callbacks', 0, NULL);
END $$;

-- ── Calls: a watermark on enter_at (the partition key; rows below it are counted) ─────────────
ALTER TABLE qa_call_rollup_meta ADD COLUMN calls_upto timestamptz;  -- NULL: all counted

CREATE OR REPLACE FUNCTION qa_call_rollup_trg() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  m qa_call_rollup_meta;
  src text;
BEGIN
  SELECT * INTO m FROM qa_call_rollup_meta WHERE id = 1;
  IF m.day_offset_min IS NULL THEN RETURN NULL; END IF;
  src := CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT n.*, 1 AS sign FROM new_rows n'
    WHEN 'DELETE' THEN 'SELECT o.*, -1 AS sign FROM old_rows o'
    ELSE 'SELECT n.*, 1 AS sign FROM new_rows n UNION ALL SELECT o.*, -1 AS sign FROM old_rows o' END;
  IF m.calls_upto IS NOT NULL THEN
    src := format('SELECT * FROM (%s) s WHERE s.enter_at < %L::timestamptz', src, m.calls_upto);
  END IF;
  EXECUTE qa_call_rollup_sql(src) USING m.day_offset_min, m.t_s, m.short_s, m.overflow_abandoned;
  RETURN NULL;
END $$;

-- Starts a build for a day offset and policy (the caller holds a SHARE lock on qa_calls and qa_settings).
CREATE FUNCTION qa_call_rollup_reset(off int, t int, short int, ovf boolean) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM qa_call_day_measures;
  UPDATE qa_call_rollup_meta
     SET day_offset_min = off, t_s = t, short_s = short, overflow_abandoned = ovf, calls_upto = '-infinity'
   WHERE id = 1;
END $$;

-- One step: the calls with lo <= enter_at < hi (hi NULL: the last step); the caller holds a SHARE lock on qa_calls.
CREATE FUNCTION qa_call_rollup_step(lo timestamptz, hi timestamptz) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  m qa_call_rollup_meta;
BEGIN
  SELECT * INTO m FROM qa_call_rollup_meta WHERE id = 1 FOR UPDATE;
  EXECUTE qa_call_rollup_sql(format('SELECT c.*, 1 AS sign FROM qa_calls c WHERE c.enter_at >= %L::timestamptz', lo)
                             || CASE WHEN hi IS NULL THEN '' ELSE format(' AND c.enter_at < %L::timestamptz', hi) END)
    USING m.day_offset_min, m.t_s, m.short_s, m.overflow_abandoned;
  UPDATE qa_call_rollup_meta SET calls_upto = hi WHERE id = 1;
END $$;

CREATE OR REPLACE FUNCTION qa_call_rollup_rebuild(off int, t int, short int, ovf boolean) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM qa_call_rollup_reset(off, t, short, ovf);
  PERFORM qa_call_rollup_step('-infinity', NULL);
END $$;
