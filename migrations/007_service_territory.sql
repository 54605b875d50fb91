-- The service territory (供电辖区) is a platform setting: crew position reports and order
-- locations are both held to it (src/platform/geo/territory.ts). One row. The default is the box
-- the crew_position outage policy started with; migration 307 moves that policy's current value here.
CREATE TABLE service_territory (
  id          int PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  territory   jsonb NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  updated_by  bigint
);
INSERT INTO service_territory (id, territory) VALUES (1, '{"kind": "box", "minLon": 73, "minLat": 18, "maxLon": 135, "maxLat": 54}');
