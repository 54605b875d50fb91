-- The workbench's default view (open applications, most urgent first) walks this index and stops
-- at the page's end instead of sorting every open application of the caller's subtree.
-- ORDER BY next_due_at (ascending puts NULLs last: paused or finished clocks), received_at DESC, id DESC.
CREATE INDEX connection_applications_urgency_idx ON connection_applications (next_due_at, received_at DESC, id DESC) WHERE status = 'open';
