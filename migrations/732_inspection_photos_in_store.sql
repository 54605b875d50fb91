-- Inspection photos move into the house's content-addressed file store (src/platform/file-store,
-- issue 12: "the same file store as documents"). Step 1 of 2: the bytes may now be absent from the
-- row (NULL = in the store, addressed by sha256); sha256 is the checksum and the store address, so it
-- must be a sha-256 in lower-case hex and is recomputed from the stored bytes where it differs.
-- The bytes themselves are moved by code (the data step before 733, scorecards/photo-store.ts: in
-- batches, idempotent), since SQL cannot write to the file store; 733 then drops the column.
ALTER TABLE scorecard_inspection_photos ALTER COLUMN content DROP NOT NULL;
UPDATE scorecard_inspection_photos SET sha256 = encode(sha256(content), 'hex')
 WHERE content IS NOT NULL AND sha256 IS DISTINCT FROM encode(sha256(content), 'hex');
ALTER TABLE scorecard_inspection_photos ADD CONSTRAINT scorecard_inspection_photos_sha256_hex CHECK (sha256 ~ '^[0-9a-f]{64}$');
