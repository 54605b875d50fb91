-- The rollup rounded each interruption to whole seconds (::bigint) before comparing it with the
-- momentary limit, so 5 min 0.4 s counted as momentary here but as sustained in the records path
-- (reliability-store fromRecords and the pure dailyTotals), and customer-minutes lost their
-- fractions. IEEE 1366: sustained means strictly longer than the limit, measured exactly.
-- Keep exact (numeric) seconds and rebuild the rollup with the limits it was built with.
ALTER TABLE reliability_daily ALTER COLUMN sustained_seconds TYPE numeric;

CREATE OR REPLACE FUNCTION reliability_rollup_ins() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO reliability_daily AS r (day, org_unit_id, feeder_id, cause_class, sustained, sustained_seconds, momentary)
  SELECT day, org_unit_id, feeder_id, cause_class,
         count(*) FILTER (WHERE secs > lim), coalesce(sum(secs) FILTER (WHERE secs > lim), 0), count(*) FILTER (WHERE secs <= lim)
    FROM (SELECT ((n.interruption_start AT TIME ZONE 'UTC') + make_interval(mins => m.utc_offset_minutes))::date AS day,
                 n.org_unit_id, coalesce(n.feeder_id, 0) AS feeder_id, coalesce(n.cause_class, '') AS cause_class,
                 GREATEST(extract(epoch FROM n.interruption_end - n.interruption_start), 0)::numeric AS secs,
                 m.momentary_max_minutes * 60 AS lim
            FROM new_rows n, reliability_rollup_meta m WHERE n.counted AND n.interruption_end IS NOT NULL) x
   GROUP BY day, org_unit_id, feeder_id, cause_class
  ON CONFLICT (day, org_unit_id, feeder_id, cause_class) DO UPDATE
    SET sustained = r.sustained + EXCLUDED.sustained, sustained_seconds = r.sustained_seconds + EXCLUDED.sustained_seconds, momentary = r.momentary + EXCLUDED.momentary;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION reliability_rollup_del() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO reliability_daily AS r (day, org_unit_id, feeder_id, cause_class, sustained, sustained_seconds, momentary)
  SELECT day, org_unit_id, feeder_id, cause_class,
         -count(*) FILTER (WHERE secs > lim), -coalesce(sum(secs) FILTER (WHERE secs > lim), 0), -count(*) FILTER (WHERE secs <= lim)
    FROM (SELECT ((o.interruption_start AT TIME ZONE 'UTC') + make_interval(mins => m.utc_offset_minutes))::date AS day,
                 o.org_unit_id, coalesce(o.feeder_id, 0) AS feeder_id, coalesce(o.cause_class, '') AS cause_class,
                 GREATEST(extract(epoch FROM o.interruption_end - o.interruption_start), 0)::numeric AS secs,
                 m.momentary_max_minutes * 60 AS lim
            FROM old_rows o, reliability_rollup_meta m WHERE o.counted AND o.interruption_end IS NOT NULL) x
   GROUP BY day, org_unit_id, feeder_id, cause_class
  ON CONFLICT (day, org_unit_id, feeder_id, cause_class) DO UPDATE
    SET sustained = r.sustained + EXCLUDED.sustained, sustained_seconds = r.sustained_seconds + EXCLUDED.sustained_seconds, momentary = r.momentary + EXCLUDED.momentary;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION reliability_rollup_upd() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO reliability_daily AS r (day, org_unit_id, feeder_id, cause_class, sustained, sustained_seconds, momentary)
  SELECT day, org_unit_id, feeder_id, cause_class,
         coalesce(sum(sign) FILTER (WHERE secs > lim), 0), coalesce(sum(sign * secs) FILTER (WHERE secs > lim), 0), coalesce(sum(sign) FILTER (WHERE secs <= lim), 0)
    FROM (SELECT ((x.interruption_start AT TIME ZONE 'UTC') + make_interval(mins => m.utc_offset_minutes))::date AS day,
                 x.org_unit_id, coalesce(x.feeder_id, 0) AS feeder_id, coalesce(x.cause_class, '') AS cause_class,
                 GREATEST(extract(epoch FROM x.interruption_end - x.interruption_start), 0)::numeric AS secs, x.sign,
                 m.momentary_max_minutes * 60 AS lim
            FROM (SELECT n.*, 1 AS sign FROM new_rows n UNION ALL SELECT o.*, -1 AS sign FROM old_rows o) x, reliability_rollup_meta m
           WHERE x.counted AND x.interruption_end IS NOT NULL) y
   GROUP BY day, org_unit_id, feeder_id, cause_class
  ON CONFLICT (day, org_unit_id, feeder_id, cause_class) DO UPDATE
    SET sustained = r.sustained + EXCLUDED.sustained, sustained_seconds = r.sustained_seconds + EXCLUDED.sustained_seconds, momentary = r.momentary + EXCLUDED.momentary;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION reliability_rollup_rebuild(p_momentary_max_minutes double precision, p_utc_offset_minutes int) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  UPDATE reliability_rollup_meta SET momentary_max_minutes = p_momentary_max_minutes, utc_offset_minutes = p_utc_offset_minutes WHERE id = 1;
  DELETE FROM reliability_daily;
  INSERT INTO reliability_daily (day, org_unit_id, feeder_id, cause_class, sustained, sustained_seconds, momentary)
  SELECT day, org_unit_id, feeder_id, cause_class,
         count(*) FILTER (WHERE secs > lim), coalesce(sum(secs) FILTER (WHERE secs > lim), 0), count(*) FILTER (WHERE secs <= lim)
    FROM (SELECT ((c.interruption_start AT TIME ZONE 'UTC') + make_interval(mins => p_utc_offset_minutes))::date AS day,
                 c.org_unit_id, coalesce(c.feeder_id, 0) AS feeder_id, coalesce(c.cause_class, '') AS cause_class,
                 GREATEST(extract(epoch FROM c.interruption_end - c.interruption_start), 0)::numeric AS secs,
                 p_momentary_max_minutes * 60 AS lim
            FROM outage_customers c WHERE c.counted AND c.interruption_end IS NOT NULL) x
   GROUP BY day, org_unit_id, feeder_id, cause_class;
END $$;

SELECT reliability_rollup_rebuild(momentary_max_minutes, utc_offset_minutes) FROM reliability_rollup_meta WHERE id = 1;
