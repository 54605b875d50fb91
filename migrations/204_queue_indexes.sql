-- Work-queue indexes measured with bench/queue (1,000,000 orders): "assigned to me" and "mine"
-- read in deadline order, the priority sort, and order-number prefix search (LIKE 'nnn%' needs
-- text_pattern_ops under a non-C collation).
DROP INDEX work_orders_owner_idx;
DROP INDEX work_orders_assignee_idx;
CREATE INDEX work_orders_owner_idx ON work_orders (owner_id, next_due_at) WHERE status NOT IN ('closed', 'terminated', 'merged');
CREATE INDEX work_orders_assignee_idx ON work_orders (assignee_id, next_due_at) WHERE status NOT IN ('closed', 'terminated', 'merged');
CREATE INDEX work_orders_priority_idx ON work_orders (priority, next_due_at NULLS LAST, id) WHERE status NOT IN ('closed', 'terminated', 'merged');
CREATE INDEX work_orders_no_prefix_idx ON work_orders (order_no text_pattern_ops);
