-- The CTI call id of the call that created a work order (the screen-pop's uniqueid, the same id
-- the call centre's queue_log carries: docs/analytics.md "Work orders"), so a call shows the orders
-- it created and an order shows its call. Owner: modules/workorders.
ALTER TABLE work_orders ADD COLUMN cti_call_id text COLLATE "C";
CREATE INDEX work_orders_cti_call_idx ON work_orders (cti_call_id) WHERE cti_call_id IS NOT NULL;
