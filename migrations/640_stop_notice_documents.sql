-- The written stop-supply notice (停电通知书) as a document, docs/collection.md "Stop-supply notice":
-- a notice may be issued first (printed, status `issued`) and served later, or issued and served at
-- once (status `done`, as before). The serving record (送达): method, the instant, who received it.
-- The document's content is kept as issued (arrears by bill with late fees to the issue day, the
-- payment ways, the legal basis), so a reprint says what was served. The SMS copy goes through the
-- outbox when the notice is served (its outbox row is named here).
ALTER TABLE collection_steps DROP CONSTRAINT collection_steps_status_check;
ALTER TABLE collection_steps ADD CONSTRAINT collection_steps_status_check
  CHECK (status IN ('due', 'done', 'awaiting_approval', 'approved', 'executed', 'cancelled', 'open', 'issued'));
ALTER TABLE collection_steps ADD COLUMN notice_no text UNIQUE;
ALTER TABLE collection_steps ADD COLUMN document jsonb;
ALTER TABLE collection_steps ADD COLUMN served_at timestamptz;
ALTER TABLE collection_steps ADD COLUMN served_to text;
ALTER TABLE collection_steps ADD COLUMN sms_outbox_id bigint;
ALTER TABLE collection_steps ADD COLUMN sms_not_before timestamptz;
