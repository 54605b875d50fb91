-- A fault reported at a spot without a service point (a fallen pole, a sparking line): the call
-- keeps the spot and, when placed by the nearest transformer, the distance to it. Such a call has
-- no service point and no customer, so it is never an interruption record of its own.
ALTER TABLE outage_calls
  ADD COLUMN spot_lon double precision,
  ADD COLUMN spot_lat double precision,
  ADD COLUMN spot_distance_m double precision;

-- How far the nearest transformer may be from the spot for the call to be placed under it;
-- farther → unplaced, for a dispatcher. 500 m: the low-voltage supply radius of a rural area
-- (urban areas are shorter) — UNCONFIRMED, kept configurable.
INSERT INTO outage_policies (name, version, data, source) VALUES
 ('spot_report', 1, '{"maxTransformerDistanceMeters": 500}', '低压供电半径（农村不超过 500 m）；待确认');
