-- Group ledger (会计核算), docs/ledger.md. Owner: modules/ledger.
-- Money is integer fen (bigint). Posted entries and their lines are immutable (triggers below);
-- corrections are reversal entries. Every entry comes from one source event (type + id, unique).

-- The chart's code rule (data): segment lengths per level and how many levels the group fixes.
CREATE TABLE ledger_settings (
  id int PRIMARY KEY CHECK (id = 1),
  segment_lengths int[] NOT NULL CHECK (cardinality(segment_lengths) BETWEEN 1 AND 9),
  group_levels int NOT NULL CHECK (group_levels >= 1),
  source text NOT NULL
);
INSERT INTO ledger_settings VALUES (1, '{4,2,2,2,2,2}', 3, '科目编码规则 4-2-2-2-2-2：一级科目编码按《企业会计准则——应用指南》附录会计科目；集团统一 1–3 级，核算单位可在其下增设 4–6 级（griddesk 设定，可配置）');

-- Accounting entities (核算单位): the org units that keep books, with their org path for scope and consolidation.
CREATE TABLE ledger_units (
  org_unit_id bigint PRIMARY KEY,
  org_path text NOT NULL UNIQUE,
  code text NOT NULL UNIQUE,
  name text NOT NULL,
  name_en text,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Chart of accounts: group accounts (org_unit_id NULL, levels 1..group_levels) and a unit's own sub-accounts below them.
CREATE TABLE ledger_accounts (
  id serial PRIMARY KEY,
  code text NOT NULL CHECK (code ~ '^[0-9]{2,24}$'),
  name text NOT NULL,
  name_en text,
  level int NOT NULL CHECK (level BETWEEN 1 AND 9),
  parent_id int REFERENCES ledger_accounts(id),
  category text NOT NULL CHECK (category IN ('asset', 'liability', 'common', 'equity', 'cost', 'profit_loss')),
  normal_side text NOT NULL CHECK (normal_side IN ('debit', 'credit')),
  org_unit_id bigint REFERENCES ledger_units(org_unit_id),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((level = 1) = (parent_id IS NULL))
);
CREATE UNIQUE INDEX ledger_accounts_code ON ledger_accounts (code, COALESCE(org_unit_id, 0));

-- Posting rules (data): money event type → lines. An amount key names a component of the event's
-- amounts ('total' = the sum of all components); rows with a customer class apply to that class,
-- the NULL row to any other.
CREATE TABLE ledger_posting_rules (
  event_type text NOT NULL,
  seq int NOT NULL,
  customer_class text,
  side text NOT NULL CHECK (side IN ('debit', 'credit')),
  amount_key text NOT NULL,
  account_code text NOT NULL,
  source text NOT NULL,
  UNIQUE NULLS NOT DISTINCT (event_type, seq, customer_class)
);

-- Accounting periods per unit (YYYYMM). No row = open.
CREATE TABLE ledger_periods (
  org_unit_id bigint NOT NULL REFERENCES ledger_units(org_unit_id),
  period int NOT NULL CHECK (period BETWEEN 190001 AND 999912 AND period % 100 BETWEEN 1 AND 12),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  closed_at timestamptz,
  closed_by bigint,
  PRIMARY KEY (org_unit_id, period)
);

CREATE TABLE ledger_entries (
  id bigserial PRIMARY KEY,
  org_unit_id bigint NOT NULL REFERENCES ledger_units(org_unit_id),
  entry_date date NOT NULL,
  period int NOT NULL,
  source_type text NOT NULL,
  source_id text NOT NULL,
  source_payload jsonb,
  memo text,
  reverses_entry_id bigint UNIQUE REFERENCES ledger_entries(id),
  -- how many lines the entry has: its lines come in one statement, numbered 1..line_count (trigger below)
  line_count int NOT NULL CHECK (line_count >= 2),
  posted_at timestamptz NOT NULL DEFAULT now(),
  posted_by bigint,
  UNIQUE (source_type, source_id)
);
CREATE INDEX ledger_entries_unit_period ON ledger_entries (org_unit_id, period, id);

-- Lines: debit or credit (one of them, positive). counter_org_unit_id marks a line with another
-- unit (内部往来), eliminated when both units are consolidated together.
CREATE TABLE ledger_lines (
  entry_id bigint NOT NULL REFERENCES ledger_entries(id),
  line_no int NOT NULL,
  org_unit_id bigint NOT NULL,
  period int NOT NULL,
  entry_date date NOT NULL,
  account_id int NOT NULL REFERENCES ledger_accounts(id),
  debit_fen bigint NOT NULL DEFAULT 0 CHECK (debit_fen >= 0),
  credit_fen bigint NOT NULL DEFAULT 0 CHECK (credit_fen >= 0),
  counter_org_unit_id bigint,
  memo text,
  PRIMARY KEY (entry_id, line_no),
  CHECK ((debit_fen > 0) <> (credit_fen > 0))
);
CREATE INDEX ledger_lines_unit_period_account ON ledger_lines (org_unit_id, period, account_id) INCLUDE (debit_fen, credit_fen);

-- Posted totals per unit, period, account and counter-unit (0 = none), kept by the insert trigger
-- in the posting transaction, like an account's debits_posted / credits_posted in TigerBeetle.
CREATE TABLE ledger_balances (
  org_unit_id bigint NOT NULL,
  period int NOT NULL,
  account_id int NOT NULL,
  counter_org_unit_id bigint NOT NULL DEFAULT 0,
  debit_fen bigint NOT NULL DEFAULT 0,
  credit_fen bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (org_unit_id, period, account_id, counter_org_unit_id)
);

CREATE FUNCTION ledger_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ledger % are immutable: post a reversal entry instead', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
END $$;
CREATE TRIGGER ledger_lines_immutable BEFORE UPDATE OR DELETE ON ledger_lines FOR EACH ROW EXECUTE FUNCTION ledger_immutable();
CREATE TRIGGER ledger_lines_no_truncate BEFORE TRUNCATE ON ledger_lines FOR EACH STATEMENT EXECUTE FUNCTION ledger_immutable();
CREATE TRIGGER ledger_entries_immutable BEFORE UPDATE OR DELETE ON ledger_entries FOR EACH ROW EXECUTE FUNCTION ledger_immutable();
CREATE TRIGGER ledger_entries_no_truncate BEFORE TRUNCATE ON ledger_entries FOR EACH STATEMENT EXECUTE FUNCTION ledger_immutable();

-- Every statement that inserts lines must bring each of its entries whole: exactly its line_count
-- lines numbered 1..line_count, debits = credits. Since (entry_id, line_no) is the primary key, a
-- later statement can add no line to a posted entry. Then the balances are updated.
CREATE FUNCTION ledger_lines_posted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE bad record;
BEGIN
  SELECT entry_id, sum(debit_fen) AS d, sum(credit_fen) AS c, count(*) AS n INTO bad
    FROM new_lines GROUP BY entry_id HAVING sum(debit_fen) <> sum(credit_fen) OR count(*) < 2 LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'ledger entry % does not balance or has fewer than 2 lines: debits % fen, credits % fen, % lines', bad.entry_id, bad.d, bad.c, bad.n USING ERRCODE = 'check_violation';
  END IF;
  SELECT s.entry_id INTO bad FROM (SELECT entry_id, count(*) AS n, max(line_no) AS hi, min(line_no) AS lo FROM new_lines GROUP BY entry_id) s
    JOIN ledger_entries e ON e.id = s.entry_id
    WHERE s.n <> e.line_count OR s.lo < 1 OR s.hi > e.line_count LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'ledger entry % must get all its lines, numbered 1..line_count, in one statement: lines cannot be added to a posted entry', bad.entry_id USING ERRCODE = 'check_violation';
  END IF;
  INSERT INTO ledger_balances AS b (org_unit_id, period, account_id, counter_org_unit_id, debit_fen, credit_fen)
    SELECT org_unit_id, period, account_id, COALESCE(counter_org_unit_id, 0), sum(debit_fen), sum(credit_fen)
      FROM new_lines GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
  ON CONFLICT (org_unit_id, period, account_id, counter_org_unit_id)
    DO UPDATE SET debit_fen = b.debit_fen + EXCLUDED.debit_fen, credit_fen = b.credit_fen + EXCLUDED.credit_fen;
  RETURN NULL;
END $$;
CREATE TRIGGER ledger_lines_posted AFTER INSERT ON ledger_lines REFERENCING NEW TABLE AS new_lines FOR EACH STATEMENT EXECUTE FUNCTION ledger_lines_posted();

-- The group chart, levels 1–3 (illustrative: codes of level 1 from 企业会计准则——应用指南 附录
-- 会计科目和主要账务处理; levels 2–3 are griddesk's illustration for a distribution company).
CREATE FUNCTION ledger_seed_account(p_code text, p_name text, p_name_en text, p_category text, p_side text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE lv int; parent int; total int := 0; seg int;
BEGIN
  lv := 0;
  FOREACH seg IN ARRAY (SELECT segment_lengths FROM ledger_settings WHERE id = 1) LOOP
    total := total + seg; lv := lv + 1;
    EXIT WHEN total >= length(p_code);
  END LOOP;
  IF lv > 1 THEN
    SELECT id INTO parent FROM ledger_accounts WHERE org_unit_id IS NULL AND code = left(p_code, total - (SELECT segment_lengths[lv] FROM ledger_settings WHERE id = 1));
  END IF;
  INSERT INTO ledger_accounts (code, name, name_en, level, parent_id, category, normal_side) VALUES (p_code, p_name, p_name_en, lv, parent, p_category, p_side);
END $$;

SELECT ledger_seed_account(c, n, e, k, s) FROM (VALUES
  ('1001', '库存现金', 'Cash on hand', 'asset', 'debit'),
  ('1002', '银行存款', 'Bank deposits', 'asset', 'debit'),
  ('100201', '电费收入户', 'Electricity collection account', 'asset', 'debit'),
  ('100202', '基本存款户', 'Basic deposit account', 'asset', 'debit'),
  ('1012', '其他货币资金', 'Other monetary funds', 'asset', 'debit'),
  ('101201', '代收电费在途', 'Collections in transit (agents, banks, apps)', 'asset', 'debit'),
  ('1122', '应收账款', 'Accounts receivable', 'asset', 'debit'),
  ('112201', '应收电费', 'Electricity receivable', 'asset', 'debit'),
  ('11220101', '应收电费—居民', 'Electricity receivable — residential', 'asset', 'debit'),
  ('11220102', '应收电费—工商业', 'Electricity receivable — commercial & industrial', 'asset', 'debit'),
  ('11220103', '应收电费—农业', 'Electricity receivable — agricultural', 'asset', 'debit'),
  ('1221', '其他应收款', 'Other receivables', 'asset', 'debit'),
  ('122101', '应收电费违约金', 'Late fees receivable', 'asset', 'debit'),
  ('122102', '内部往来（应收）', 'Inter-unit receivables', 'asset', 'debit'),
  ('1231', '坏账准备', 'Allowance for bad debts', 'asset', 'credit'),
  ('123101', '坏账准备—应收电费', 'Allowance — electricity receivable', 'asset', 'credit'),
  ('2203', '预收账款', 'Advances from customers', 'liability', 'credit'),
  ('220301', '预收电费', 'Prepaid customer balances', 'liability', 'credit'),
  ('22030101', '预收电费—居民', 'Prepaid balances — residential', 'liability', 'credit'),
  ('22030102', '预收电费—工商业', 'Prepaid balances — commercial & industrial', 'liability', 'credit'),
  ('22030103', '预收电费—农业', 'Prepaid balances — agricultural', 'liability', 'credit'),
  ('2221', '应交税费', 'Taxes payable', 'liability', 'credit'),
  ('222101', '应交增值税', 'VAT payable', 'liability', 'credit'),
  ('2241', '其他应付款', 'Other payables', 'liability', 'credit'),
  ('224101', '代征政府性基金及附加', 'Government funds and surcharges payable', 'liability', 'credit'),
  ('224102', '内部往来（应付）', 'Inter-unit payables', 'liability', 'credit'),
  ('4103', '本年利润', 'Current-year profit', 'equity', 'credit'),
  ('6001', '主营业务收入', 'Main business revenue', 'profit_loss', 'credit'),
  ('600101', '售电收入', 'Electricity sales', 'profit_loss', 'credit'),
  ('60010101', '售电收入—居民', 'Electricity sales — residential', 'profit_loss', 'credit'),
  ('60010102', '售电收入—工商业', 'Electricity sales — commercial & industrial', 'profit_loss', 'credit'),
  ('60010103', '售电收入—农业', 'Electricity sales — agricultural', 'profit_loss', 'credit'),
  ('6301', '营业外收入', 'Non-operating income', 'profit_loss', 'credit'),
  ('630101', '电费违约金收入', 'Late-fee income', 'profit_loss', 'credit'),
  ('6702', '信用减值损失', 'Credit impairment losses', 'profit_loss', 'debit'),
  ('670201', '应收电费坏账损失', 'Bad debts on electricity receivables', 'profit_loss', 'debit')
) AS a(c, n, e, k, s);
DROP FUNCTION ledger_seed_account(text, text, text, text, text);

-- Posting rules (illustrative, griddesk's): event components → accounts.
INSERT INTO ledger_posting_rules (event_type, seq, customer_class, side, amount_key, account_code, source)
SELECT t, s, NULLIF(c, ''), d, k, a, 'griddesk 记账规则示例 / illustrative posting rule' FROM (VALUES
  ('bill_released', 1, 'residential', 'debit', 'total', '11220101'),
  ('bill_released', 1, 'commercial_industrial', 'debit', 'total', '11220102'),
  ('bill_released', 1, 'agricultural', 'debit', 'total', '11220103'),
  ('bill_released', 2, 'residential', 'credit', 'energy', '60010101'),
  ('bill_released', 2, 'commercial_industrial', 'credit', 'energy', '60010102'),
  ('bill_released', 2, 'agricultural', 'credit', 'energy', '60010103'),
  ('bill_released', 3, '', 'credit', 'funds', '224101'),
  ('payment_received', 1, '', 'debit', 'total', '101201'),
  ('payment_received', 2, 'residential', 'credit', 'principal', '11220101'),
  ('payment_received', 2, 'commercial_industrial', 'credit', 'principal', '11220102'),
  ('payment_received', 2, 'agricultural', 'credit', 'principal', '11220103'),
  ('payment_received', 3, '', 'credit', 'lateFee', '122101'),
  ('payment_received', 4, 'residential', 'credit', 'credit', '22030101'),
  ('payment_received', 4, 'commercial_industrial', 'credit', 'credit', '22030102'),
  ('payment_received', 4, 'agricultural', 'credit', 'credit', '22030103'),
  ('late_fee_charged', 1, '', 'debit', 'lateFee', '122101'),
  ('late_fee_charged', 2, '', 'credit', 'lateFee', '630101'),
  ('late_fee_waived', 1, '', 'debit', 'lateFee', '630101'),
  ('late_fee_waived', 2, '', 'credit', 'lateFee', '122101'),
  ('refund', 1, 'residential', 'debit', 'amount', '22030101'),
  ('refund', 1, 'commercial_industrial', 'debit', 'amount', '22030102'),
  ('refund', 1, 'agricultural', 'debit', 'amount', '22030103'),
  ('refund', 2, '', 'credit', 'amount', '100201'),
  ('write_off', 1, '', 'debit', 'principal', '123101'),
  ('write_off', 2, 'residential', 'credit', 'principal', '11220101'),
  ('write_off', 2, 'commercial_industrial', 'credit', 'principal', '11220102'),
  ('write_off', 2, 'agricultural', 'credit', 'principal', '11220103'),
  ('withholding_settled', 1, '', 'debit', 'amount', '100201'),
  ('withholding_settled', 2, '', 'credit', 'amount', '101201'),
  ('prepaid_topup', 1, '', 'debit', 'amount', '101201'),
  ('prepaid_topup', 2, 'residential', 'credit', 'amount', '22030101'),
  ('prepaid_topup', 2, 'commercial_industrial', 'credit', 'amount', '22030102'),
  ('prepaid_topup', 2, 'agricultural', 'credit', 'amount', '22030103')
) AS r(t, s, c, d, k, a);
