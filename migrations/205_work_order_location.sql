-- Where a work order is: WGS-84 longitude/latitude, how it was obtained, and an optional free-text
-- description of the spot ("在XX路口电线杆旁"). 'service_point': copied from the order's service
-- point at intake (or when an anonymous caller is matched); 'reported': a spot the customer pinned
-- on the portal map or the call-taker clicked for the caller. Range and territory are checked at
-- intake (modules/workorders/location-rules.ts, territory of the crew_position policy).
ALTER TABLE work_orders
  ADD COLUMN location_lon    double precision,
  ADD COLUMN location_lat    double precision,
  ADD COLUMN location_source text CHECK (location_source IN ('service_point', 'reported')),
  ADD COLUMN location_text   text,
  ADD CONSTRAINT work_orders_location_complete CHECK (
    (location_lon IS NULL) = (location_lat IS NULL) AND (location_lon IS NULL) = (location_source IS NULL)
    AND (location_text IS NULL OR location_lon IS NOT NULL)),
  ADD CONSTRAINT work_orders_location_range CHECK (
    location_lon IS NULL OR (location_lon BETWEEN -180 AND 180 AND location_lat BETWEEN -90 AND 90));

-- Orders taken before this migration get their service point's coordinates, as new ones do.
UPDATE work_orders w SET location_lon = sp.lon, location_lat = sp.lat, location_source = 'service_point'
  FROM service_points sp
 WHERE sp.id = w.service_point_id AND sp.lon IS NOT NULL AND sp.lat IS NOT NULL;

-- The dispatcher map: open orders with a location the customer reported.
CREATE INDEX work_orders_open_reported_idx ON work_orders (org_path text_pattern_ops)
  WHERE location_source = 'reported' AND status NOT IN ('closed', 'terminated', 'merged');
