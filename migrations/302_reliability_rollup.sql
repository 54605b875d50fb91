-- Daily reliability totals kept in step with the interruption records, so indices over a year
-- of a million customers read a few thousand rows instead of millions. Only counted, ended
-- interruptions are rolled up (open ones are added live by the query). An interruption belongs
-- to the local day it began and counts with its full duration. The momentary limit and the UTC
-- offset used are kept in reliability_rollup_meta; when the reliability policy changes them the
-- rollup is rebuilt (and until then queries fall back to the records).

CREATE TABLE reliability_rollup_meta (
  id                    int PRIMARY KEY CHECK (id = 1),
  momentary_max_minutes double precision NOT NULL,
  utc_offset_minutes    int NOT NULL
);
INSERT INTO reliability_rollup_meta VALUES (1, 5, 480);

CREATE TABLE reliability_daily (
  day          date NOT NULL,
  org_unit_id  bigint NOT NULL,
  feeder_id    bigint NOT NULL DEFAULT 0,         -- 0: no feeder known
  cause_class  text NOT NULL DEFAULT '',
  sustained    bigint NOT NULL DEFAULT 0,         -- customer interruptions longer than the momentary limit
  sustained_seconds bigint NOT NULL DEFAULT 0,    -- their customer-seconds
  momentary    bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (day, org_unit_id, feeder_id, cause_class)
);
CREATE INDEX reliability_daily_feeder_idx ON reliability_daily (feeder_id, day);

-- One aggregate upsert per statement from the transition tables (sign +1 for new rows, −1 for old).

CREATE FUNCTION reliability_rollup_ins() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO reliability_daily AS r (day, org_unit_id, feeder_id, cause_class, sustained, sustained_seconds, momentary)
  SELECT day, org_unit_id, feeder_id, cause_class,
         count(*) FILTER (WHERE secs > lim), coalesce(sum(secs) FILTER (WHERE secs > lim), 0), count(*) FILTER (WHERE secs <= lim)
    FROM (SELECT ((n.interruption_start AT TIME ZONE 'UTC') + make_interval(mins => m.utc_offset_minutes))::date AS day,
                 n.org_unit_id, coalesce(n.feeder_id, 0) AS feeder_id, coalesce(n.cause_class, '') AS cause_class,
                 GREATEST(extract(epoch FROM n.interruption_end - n.interruption_start), 0)::bigint AS secs,
                 m.momentary_max_minutes * 60 AS lim
            FROM new_rows n, reliability_rollup_meta m WHERE n.counted AND n.interruption_end IS NOT NULL) x
   GROUP BY day, org_unit_id, feeder_id, cause_class
  ON CONFLICT (day, org_unit_id, feeder_id, cause_class) DO UPDATE
    SET sustained = r.sustained + EXCLUDED.sustained, sustained_seconds = r.sustained_seconds + EXCLUDED.sustained_seconds, momentary = r.momentary + EXCLUDED.momentary;
  RETURN NULL;
END $$;

CREATE FUNCTION reliability_rollup_del() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO reliability_daily AS r (day, org_unit_id, feeder_id, cause_class, sustained, sustained_seconds, momentary)
  SELECT day, org_unit_id, feeder_id, cause_class,
         -count(*) FILTER (WHERE secs > lim), -coalesce(sum(secs) FILTER (WHERE secs > lim), 0), -count(*) FILTER (WHERE secs <= lim)
    FROM (SELECT ((o.interruption_start AT TIME ZONE 'UTC') + make_interval(mins => m.utc_offset_minutes))::date AS day,
                 o.org_unit_id, coalesce(o.feeder_id, 0) AS feeder_id, coalesce(o.cause_class, '') AS cause_class,
                 GREATEST(extract(epoch FROM o.interruption_end - o.interruption_start), 0)::bigint AS secs,
                 m.momentary_max_minutes * 60 AS lim
            FROM old_rows o, reliability_rollup_meta m WHERE o.counted AND o.interruption_end IS NOT NULL) x
   GROUP BY day, org_unit_id, feeder_id, cause_class
  ON CONFLICT (day, org_unit_id, feeder_id, cause_class) DO UPDATE
    SET sustained = r.sustained + EXCLUDED.sustained, sustained_seconds = r.sustained_seconds + EXCLUDED.sustained_seconds, momentary = r.momentary + EXCLUDED.momentary;
  RETURN NULL;
END $$;

CREATE FUNCTION reliability_rollup_upd() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO reliability_daily AS r (day, org_unit_id, feeder_id, cause_class, sustained, sustained_seconds, momentary)
  SELECT day, org_unit_id, feeder_id, cause_class,
         coalesce(sum(sign) FILTER (WHERE secs > lim), 0), coalesce(sum(sign * secs) FILTER (WHERE secs > lim), 0), coalesce(sum(sign) FILTER (WHERE secs <= lim), 0)
    FROM (SELECT ((x.interruption_start AT TIME ZONE 'UTC') + make_interval(mins => m.utc_offset_minutes))::date AS day,
                 x.org_unit_id, coalesce(x.feeder_id, 0) AS feeder_id, coalesce(x.cause_class, '') AS cause_class,
                 GREATEST(extract(epoch FROM x.interruption_end - x.interruption_start), 0)::bigint AS secs, x.sign,
                 m.momentary_max_minutes * 60 AS lim
            FROM (SELECT n.*, 1 AS sign FROM new_rows n UNION ALL SELECT o.*, -1 AS sign FROM old_rows o) x, reliability_rollup_meta m
           WHERE x.counted AND x.interruption_end IS NOT NULL) y
   GROUP BY day, org_unit_id, feeder_id, cause_class
  ON CONFLICT (day, org_unit_id, feeder_id, cause_class) DO UPDATE
    SET sustained = r.sustained + EXCLUDED.sustained, sustained_seconds = r.sustained_seconds + EXCLUDED.sustained_seconds, momentary = r.momentary + EXCLUDED.momentary;
  RETURN NULL;
END $$;

CREATE TRIGGER outage_customers_rollup_ins AFTER INSERT ON outage_customers REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION reliability_rollup_ins();
CREATE TRIGGER outage_customers_rollup_upd AFTER UPDATE ON outage_customers REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION reliability_rollup_upd();
CREATE TRIGGER outage_customers_rollup_del AFTER DELETE ON outage_customers REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION reliability_rollup_del();

-- Rebuilds the whole rollup with new limits (called when the reliability policy changes them).
CREATE FUNCTION reliability_rollup_rebuild(p_momentary_max_minutes double precision, p_utc_offset_minutes int) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  UPDATE reliability_rollup_meta SET momentary_max_minutes = p_momentary_max_minutes, utc_offset_minutes = p_utc_offset_minutes WHERE id = 1;
  DELETE FROM reliability_daily;
  INSERT INTO reliability_daily (day, org_unit_id, feeder_id, cause_class, sustained, sustained_seconds, momentary)
  SELECT day, org_unit_id, feeder_id, cause_class,
         count(*) FILTER (WHERE secs > lim), coalesce(sum(secs) FILTER (WHERE secs > lim), 0), count(*) FILTER (WHERE secs <= lim)
    FROM (SELECT ((c.interruption_start AT TIME ZONE 'UTC') + make_interval(mins => p_utc_offset_minutes))::date AS day,
                 c.org_unit_id, coalesce(c.feeder_id, 0) AS feeder_id, coalesce(c.cause_class, '') AS cause_class,
                 GREATEST(extract(epoch FROM c.interruption_end - c.interruption_start), 0)::bigint AS secs,
                 p_momentary_max_minutes * 60 AS lim
            FROM outage_customers c WHERE c.counted AND c.interruption_end IS NOT NULL) x
   GROUP BY day, org_unit_id, feeder_id, cause_class;
END $$;

CREATE INDEX outage_customers_open_idx ON outage_customers (interruption_start) WHERE interruption_end IS NULL;
