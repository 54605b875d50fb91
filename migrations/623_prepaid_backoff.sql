-- Back-off for a meter head-end that keeps failing (docs/prepaid.md, "Back-off"). Owner: modules/prepaid.
-- Policy data: a send is retried after 5, 10, 20, 40, then every 60 minutes (retryAfterMinutes ×
-- retryBackoffFactor^(attempt − 1), capped at retryMaxMinutes); after a failed disconnect order the
-- next one for the same below-zero notice waits 60 min, then 2 h, 4 h, … at most 24 h (reorderBackoff).
UPDATE prepaid_settings
   SET policy = policy || '{"retryBackoffFactor":2,"retryMaxMinutes":60,"reorderBackoff":{"firstMinutes":60,"factor":2,"maxMinutes":1440}}'::jsonb,
       source = source || '；主站故障退避（重发 5 分钟起按 2 倍递增、最长 60 分钟；失败后重新下发停电指令 60 分钟起按 2 倍递增、最长 24 小时）为 griddesk 示例值',
       updated_at = now()
 WHERE id = 1;

-- When an order failed (the worker's clock for a send that used up its attempts, the head-end's result
-- time for a failure it reports): the re-order back-off counts from it.
ALTER TABLE prepaid_commands ADD COLUMN failed_at timestamptz;
UPDATE prepaid_commands SET failed_at = updated_at WHERE status = 'failed';
