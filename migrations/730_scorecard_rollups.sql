-- Daily rollups of the benchmarking scorecard's inputs (docs/scorecards.md "Daily rollups"), kept
-- exact by statement triggers on the raw tables: every INSERT, UPDATE and DELETE adds its rows'
-- contributions with sign +1 (new rows) and −1 (old rows) to the row of (local day, org path) in
-- the writer's own transaction, so late-arriving or corrected data moves its day's row at once and
-- no rollup is ever stale. A rollup is built the first time a reader asks for it (its meta row
-- holds the local day offset and, for calls, the analytics policy's thresholds it counts under;
-- NULL = not built, and the triggers do nothing); a reader asking with other parameters rebuilds
-- it under a lock that keeps writers out.
-- Owners: work_order_* and callback_day_measures → modules/workorders; qa_call_* → modules/analytics.

-- ── Work orders: fault-repair clocks and complaints by local day of received_at ──────────────────
CREATE TABLE work_order_rollup_meta (
  id             int PRIMARY KEY CHECK (id = 1),
  day_offset_min int  -- local days of the rollup, minutes east of UTC; NULL until built
);
INSERT INTO work_order_rollup_meta VALUES (1, NULL);

CREATE TABLE work_order_day_measures (
  day             int NOT NULL,   -- local day number: floor((epoch seconds + offset) / 86400)
  org_path        text NOT NULL,
  arrival_num     bigint NOT NULL,
  arrival_den     bigint NOT NULL,
  restoration_num bigint NOT NULL,
  restoration_den bigint NOT NULL,
  complaints      bigint NOT NULL,
  PRIMARY KEY (day, org_path)
);

-- Callbacks by local day of done_at (their own org path).
CREATE TABLE callback_day_measures (
  day      int NOT NULL,
  org_path text NOT NULL,
  num      bigint NOT NULL,
  den      bigint NOT NULL,
  PRIMARY KEY (day, org_path)
);

-- The aggregate upsert of a source of rows (work_orders columns plus `sign`), as text so that the
-- trigger (over its transition tables) and the rebuild (over the whole table) run the same SQL.
-- The definitions are those of orderMeasureByPath (src/modules/workorders/orders/scorecard-reads.ts).
CREATE FUNCTION work_order_rollup_sql(src text) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
SELECT format($q$
  INSERT INTO work_order_day_measures AS r (day, org_path, arrival_num, arrival_den, restoration_num, restoration_den, complaints)
  SELECT day, org_path, sum(an), sum(ad), sum(rn), sum(rd), sum(cp)
    FROM (SELECT floor((extract(epoch FROM x.received_at) + $1 * 60) / 86400)::int AS day, x.org_path,
                 x.sign * k.an AS an, x.sign * k.ad AS ad, x.sign * k.rn AS rn, x.sign * k.rd AS rd,
                 x.sign * (x.order_type = 'complaint')::int AS cp
            FROM (%s) x
            CROSS JOIN LATERAL (
              SELECT count(*) FILTER (WHERE c->>'name' = 'arrival' AND c->>'state' = 'met') AS an,
                     count(*) FILTER (WHERE c->>'name' = 'arrival' AND c->>'state' IN ('met', 'breached')) AS ad,
                     count(*) FILTER (WHERE c->>'name' = 'restoration' AND c->>'state' = 'met') AS rn,
                     count(*) FILTER (WHERE c->>'name' = 'restoration' AND c->>'state' IN ('met', 'breached')) AS rd
                FROM jsonb_array_elements(CASE WHEN x.order_type = 'fault_repair' THEN x.clocks ELSE '[]'::jsonb END) c) k
           WHERE x.status <> 'merged' AND x.order_type IN ('fault_repair', 'complaint')) y
   GROUP BY day, org_path
  HAVING sum(an) <> 0 OR sum(ad) <> 0 OR sum(rn) <> 0 OR sum(rd) <> 0 OR sum(cp) <> 0
   ORDER BY day, org_path
  ON CONFLICT (day, org_path) DO UPDATE
    SET arrival_num = r.arrival_num + EXCLUDED.arrival_num, arrival_den = r.arrival_den + EXCLUDED.arrival_den,
        restoration_num = r.restoration_num + EXCLUDED.restoration_num, restoration_den = r.restoration_den + EXCLUDED.restoration_den,
        complaints = r.complaints + EXCLUDED.complaints$q$, src)
$f$;

CREATE FUNCTION callback_rollup_sql(src text) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
SELECT format($q$
  INSERT INTO callback_day_measures AS r (day, org_path, num, den)
  SELECT day, org_path, sum(n), sum(d)
    FROM (SELECT floor((extract(epoch FROM x.done_at) + $1 * 60) / 86400)::int AS day, x.org_path,
                 x.sign * (x.result IN ('satisfied', 'basically_satisfied'))::int AS n, x.sign AS d
            FROM (%s) x
           WHERE x.status = 'done' AND x.done_at IS NOT NULL AND x.result IS NOT NULL AND x.result <> 'unreachable') y
   GROUP BY day, org_path
  HAVING sum(n) <> 0 OR sum(d) <> 0
   ORDER BY day, org_path
  ON CONFLICT (day, org_path) DO UPDATE SET num = r.num + EXCLUDED.num, den = r.den + EXCLUDED.den$q$, src)
$f$;

CREATE FUNCTION work_order_rollup_trg() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  off int;
  src text;
BEGIN
  SELECT day_offset_min INTO off FROM work_order_rollup_meta WHERE id = 1;
  IF off IS NULL THEN RETURN NULL; END IF;
  src := CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT n.*, 1 AS sign FROM new_rows n'
    WHEN 'DELETE' THEN 'SELECT o.*, -1 AS sign FROM old_rows o'
    ELSE 'SELECT n.*, 1 AS sign FROM new_rows n UNION ALL SELECT o.*, -1 AS sign FROM old_rows o' END;
  IF TG_TABLE_NAME = 'work_orders' THEN
    EXECUTE work_order_rollup_sql(src) USING off;
  ELSE
    EXECUTE callback_rollup_sql(src) USING off;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER work_orders_rollup_ins AFTER INSERT ON work_orders REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION work_order_rollup_trg();
CREATE TRIGGER work_orders_rollup_upd AFTER UPDATE ON work_orders REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION work_order_rollup_trg();
CREATE TRIGGER work_orders_rollup_del AFTER DELETE ON work_orders REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION work_order_rollup_trg();
CREATE TRIGGER callbacks_rollup_ins AFTER INSERT ON callbacks REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION work_order_rollup_trg();
CREATE TRIGGER callbacks_rollup_upd AFTER UPDATE ON callbacks REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION work_order_rollup_trg();
CREATE TRIGGER callbacks_rollup_del AFTER DELETE ON callbacks REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION work_order_rollup_trg();

-- (Re)build for a day offset: the caller holds locks that keep writers of both tables out.
CREATE FUNCTION work_order_rollup_rebuild(off int) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM work_order_day_measures;
  DELETE FROM callback_day_measures;
  UPDATE work_order_rollup_meta SET day_offset_min = off WHERE id = 1;
  EXECUTE work_order_rollup_sql('SELECT w.*, 1 AS sign FROM work_orders w') USING off;
  EXECUTE callback_rollup_sql('SELECT c.*, 1 AS sign FROM callbacks c') USING off;
END $$;

-- ── Calls: the two call indicators by local day of enter_at, under the analytics policy ─────────
CREATE TABLE qa_call_rollup_meta (
  id                 int PRIMARY KEY CHECK (id = 1),
  day_offset_min     int,      -- NULL until built
  t_s                int,      -- the policy's service-level threshold T the counts were taken with
  short_s            int,      -- … its short-abandon limit
  overflow_abandoned boolean   -- … whether overflow counts as abandoned
);
INSERT INTO qa_call_rollup_meta VALUES (1, NULL, NULL, NULL, NULL);

-- per convention: numerator and denominator of abandonment and of the three service levels
CREATE TABLE qa_call_day_measures (
  day         int NOT NULL,
  org_path    text NOT NULL,
  calls       bigint NOT NULL,  -- every call, rejected ones too (a path with calls but none counted is 'no_records', not 'no data')
  abn_num     bigint NOT NULL,
  abn_den     bigint NOT NULL,
  against_num bigint NOT NULL,
  against_den bigint NOT NULL,
  ignored_num bigint NOT NULL,
  ignored_den bigint NOT NULL,
  for_num     bigint NOT NULL,
  for_den     bigint NOT NULL,
  PRIMARY KEY (day, org_path)
);

-- The classes of src/modules/analytics/scorecard-reads.ts (ans, abn, within_t, short_w) and its
-- numerator / denominator per measure and convention.
CREATE FUNCTION qa_call_rollup_sql(src text) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
SELECT format($q$
  INSERT INTO qa_call_day_measures AS r (day, org_path, calls, abn_num, abn_den, against_num, against_den, ignored_num, ignored_den, for_num, for_den)
  SELECT day, org_path, sum(sign), sum(sign * (abn)::int), sum(sign * (ans OR abn)::int),
         sum(sign * (ans AND within_t)::int), sum(sign * ((ans OR abn) AND NOT (abn AND short_w))::int),
         sum(sign * (ans AND within_t)::int),
         sum(sign * ((ans OR abn) AND NOT (abn AND short_w) AND NOT (abn AND NOT (abn AND short_w) AND within_t))::int),
         sum(sign * ((ans AND within_t) OR (abn AND NOT (abn AND short_w) AND within_t))::int),
         sum(sign * ((ans OR abn) AND NOT (abn AND short_w))::int)
    FROM (SELECT floor((extract(epoch FROM x.enter_at) + $1 * 60) / 86400)::int AS day, x.org_path, x.sign,
                 x.outcome IN ('answered', 'transferred') AS ans,
                 (x.outcome = 'abandoned' OR ($4::boolean AND x.outcome IN ('timeout', 'exit_empty', 'exit_key'))) AS abn,
                 x.wait_s <= $2::int AS within_t, x.wait_s < $3::int AS short_w
            FROM (%s) x) y
   GROUP BY day, org_path
   ORDER BY day, org_path
  ON CONFLICT (day, org_path) DO UPDATE
    SET calls = r.calls + EXCLUDED.calls, abn_num = r.abn_num + EXCLUDED.abn_num, abn_den = r.abn_den + EXCLUDED.abn_den,
        against_num = r.against_num + EXCLUDED.against_num, against_den = r.against_den + EXCLUDED.against_den,
        ignored_num = r.ignored_num + EXCLUDED.ignored_num, ignored_den = r.ignored_den + EXCLUDED.ignored_den,
        for_num = r.for_num + EXCLUDED.for_num, for_den = r.for_den + EXCLUDED.for_den$q$, src)
$f$;

CREATE FUNCTION qa_call_rollup_trg() RETURNS trigger LANGUAGE plpgsql AS $$
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
  EXECUTE qa_call_rollup_sql(src) USING m.day_offset_min, m.t_s, m.short_s, m.overflow_abandoned;
  RETURN NULL;
END $$;

CREATE TRIGGER qa_calls_rollup_ins AFTER INSERT ON qa_calls REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION qa_call_rollup_trg();
CREATE TRIGGER qa_calls_rollup_upd AFTER UPDATE ON qa_calls REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION qa_call_rollup_trg();
CREATE TRIGGER qa_calls_rollup_del AFTER DELETE ON qa_calls REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION qa_call_rollup_trg();

CREATE FUNCTION qa_call_rollup_rebuild(off int, t int, short int, ovf boolean) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM qa_call_day_measures;
  UPDATE qa_call_rollup_meta SET day_offset_min = off, t_s = t, short_s = short, overflow_abandoned = ovf WHERE id = 1;
  EXECUTE qa_call_rollup_sql('SELECT c.*, 1 AS sign FROM qa_calls c') USING off, t, short, ovf;
END $$;

-- The drill-down of a unit's calls of a period: its subtree's calls by time (docs/scorecards.md).
CREATE INDEX qa_calls_org_idx ON qa_calls (org_path text_pattern_ops, enter_at);
