-- A bank result file's chunk writes 2,000 allocation lines and marks 2,000 batch lines paid
-- (docs/payments.md, "Benchmark"). Their foreign keys to payments(id) checked each row on its own: one
-- trigger call and one `SELECT … FOR KEY SHARE` of the payment per row, about a third of the
-- allocation lines' COPY and half of the batch lines' UPDATE. The same rule is now checked once per
-- statement over all its rows (a transition table; one index lookup per distinct payment), and the
-- payment side of the rule by triggers on payments: a payment is never deleted (a payment is reversed,
-- its row stays: docs/payments.md) and its id never changes. A referenced payment can therefore never go
-- away, which is what the per-row lock protected against. The error is the foreign key's: SQLSTATE
-- 23503 naming the same constraint, so the API maps it as before (src/http/db-errors.ts).

ALTER TABLE payment_allocations DROP CONSTRAINT payment_allocations_payment_id_fkey;
ALTER TABLE withholding_lines DROP CONSTRAINT withholding_lines_payment_id_fkey;

-- rows of the statement naming a payment that does not exist: refused as a foreign key would refuse them
CREATE FUNCTION payment_reference_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  missing bigint;
BEGIN
  -- one index lookup of payments per row (OFFSET 0: never a hash join over every payment)
  SELECT n.payment_id INTO missing FROM new_rows n
   WHERE n.payment_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.id = n.payment_id OFFSET 0)
   LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'insert or update on table "%" violates foreign key constraint "%"', TG_TABLE_NAME, TG_TABLE_NAME || '_payment_id_fkey'
      USING ERRCODE = 'foreign_key_violation', TABLE = TG_TABLE_NAME, CONSTRAINT = TG_TABLE_NAME || '_payment_id_fkey',
            DETAIL = format('Key (payment_id)=(%s) is not present in table "payments".', missing);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER payment_allocations_payment_ins AFTER INSERT ON payment_allocations
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION payment_reference_check();
CREATE TRIGGER payment_allocations_payment_upd AFTER UPDATE ON payment_allocations
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION payment_reference_check();
CREATE TRIGGER withholding_lines_payment_ins AFTER INSERT ON withholding_lines
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION payment_reference_check();
CREATE TRIGGER withholding_lines_payment_upd AFTER UPDATE ON withholding_lines
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION payment_reference_check();

-- the payment side: a payment is never deleted and keeps its id (so nothing that names it is left dangling)
CREATE FUNCTION payments_keep_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' OR NEW.id IS DISTINCT FROM OLD.id THEN
    RAISE EXCEPTION 'a payment is never deleted and keeps its id (payment %): it is reversed', OLD.id
      USING ERRCODE = 'foreign_key_violation', TABLE = 'payments';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER payments_keep_rows BEFORE DELETE OR UPDATE OF id ON payments FOR EACH ROW EXECUTE FUNCTION payments_keep_rows();
