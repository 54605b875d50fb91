-- Inspection photos in the file store, step 2 of 2 (see 732): the data step that runs just before
-- this migration (scorecards/photo-store.ts, given to migrate() by src/data-steps.ts) has put every
-- photo's bytes into the file store and emptied the column. Refused while any row still holds its
-- bytes, so a photo is never lost: run `griddesk migrate` (or start griddesk), which runs the step.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM scorecard_inspection_photos WHERE content IS NOT NULL) THEN
    RAISE EXCEPTION 'inspection photos still hold their bytes in the database; run griddesk migrate (or start griddesk) so they move into the file store first';
  END IF;
END $$;
ALTER TABLE scorecard_inspection_photos DROP COLUMN content;
