-- The callbacks done of an org path in time order: the scorecard's drill-down of callback
-- satisfaction reads the first page of a unit's callbacks of a period by path and done_at
-- (docs/scorecards.md "Drill-down at 10,000,000 orders"), without reading the period's others.
CREATE INDEX callbacks_done_org_idx ON callbacks (org_path text_pattern_ops, done_at DESC) WHERE status = 'done';
