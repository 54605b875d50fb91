-- The workbench over many open applications (its benchmark: 100,000 in one county).
--
-- Default view (open, most urgent first): walks this index and stops at the page's end instead of
-- sorting every open application of the caller's subtree. ORDER BY next_due_at (ascending puts
-- NULLs last: paused or finished clocks), received_at DESC, id DESC.
CREATE INDEX connection_applications_urgency_idx ON connection_applications (next_due_at, received_at DESC, id DESC) WHERE status = 'open';
-- One stage's queue, in the same order.
CREATE INDEX connection_applications_stage_urgency_idx ON connection_applications (stage, next_due_at, received_at DESC, id DESC) WHERE status = 'open';
-- The counts shown above the list (open, overdue, waiting on the customer, by stage) come from an
-- index-only scan of the caller's subtree: the columns they filter on are carried in the index.
DROP INDEX connection_applications_org_idx;
CREATE INDEX connection_applications_org_idx ON connection_applications (org_path text_pattern_ops, status) INCLUDE (stage, next_due_at, customer_wait);
-- Search by application number, applicant or address (substring, as ILIKE '%…%').
CREATE INDEX connection_applications_search_idx ON connection_applications USING gin (app_no gin_trgm_ops, applicant_name gin_trgm_ops, address gin_trgm_ops);
