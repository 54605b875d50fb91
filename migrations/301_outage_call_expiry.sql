-- A lone trouble call (one caller, no outage formed) stops counting toward predictions after a
-- while, so yesterday's single call does not group with today's. The age limit is grouping policy.
CREATE INDEX outage_calls_lonely_idx ON outage_calls (received_at) WHERE status = 'grouped' AND outage_id IS NULL;
ALTER TABLE outage_calls DROP CONSTRAINT outage_calls_status_check;
ALTER TABLE outage_calls ADD CONSTRAINT outage_calls_status_check
  CHECK (status IN ('pending', 'grouped', 'unplaced', 'planned', 'cancelled', 'resolved', 'expired'));
UPDATE outage_policies SET data = data || '{"lonelyCallMinutes": 240}'
 WHERE name = 'grouping' AND NOT data ? 'lonelyCallMinutes';
