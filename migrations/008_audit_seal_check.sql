-- The append-only trigger's sealing check, cheaper: the sealing UPDATE may still only fill
-- chain_seq, prev_hash and hash of an unsealed row and leave every other column as it was, but the
-- "every other column" test compares the row with its sealing columns blanked field by field
-- (a row comparison) instead of turning both versions of the whole row into jsonb. Same rule, every
-- column (present or added later) still covered; the sealer updates every audit row once, so this
-- runs for every record ever written.
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  blanked audit_log;
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.chain_seq IS NOT NULL OR NEW.hash IS NOT NULL OR NEW.prev_hash IS NOT NULL THEN
      RAISE EXCEPTION 'audit_log is append-only: rows are inserted unsealed (chain_seq, prev_hash, hash NULL)';
    END IF;
    RETURN NEW;
  END IF;
  IF TG_OP = 'UPDATE'
     AND OLD.hash IS NULL AND OLD.prev_hash IS NULL AND OLD.chain_seq IS NULL
     AND NEW.hash IS NOT NULL AND NEW.prev_hash IS NOT NULL AND NEW.chain_seq IS NOT NULL THEN
    blanked := NEW;
    blanked.hash := NULL;
    blanked.prev_hash := NULL;
    blanked.chain_seq := NULL;
    IF blanked IS NOT DISTINCT FROM OLD THEN
      RETURN NEW; -- sealing
    END IF;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only';
END $$;
