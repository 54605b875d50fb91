-- Prepaid accounts and fee control (预付费 / 费控), docs/prepaid.md. Owner: modules/prepaid.
-- Money is integer fen (bigint); quantities are numeric kWh. The policy (thresholds, notice lead,
-- disconnect window, reconnection clock) is data in prepaid_settings; prices in prepaid_price_plans.

CREATE TABLE prepaid_settings (
  id int PRIMARY KEY CHECK (id = 1),
  policy jsonb NOT NULL,
  source text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO prepaid_settings (id, policy, source) VALUES (1,
  '{"defaultThresholdFen":5000,"minThresholdFen":0,"maxThresholdFen":10000000,"disconnectAfterNoticeHours":24,"disconnectWindow":{"start":"08:00","end":"17:00"},"quietHours":{"start":"22:00","end":"08:00"},"reconnectClock":{"name":"reconnect","basis":"natural","minutes":1440,"stopOn":{"states":["executed"]},"pauseStates":[],"cancelStates":["cancelled"],"warnFractions":[0.5,0.75,0.9]},"reconnectMinBalanceFen":0,"retryAfterMinutes":5,"maxAttempts":12,"pollAfterMinutes":10,"utcOffsetMinutes":480}',
  '复电时限 24 小时：国家电网供电服务十项承诺（国家电网办〔2011〕1493号，欠费缴清后 24 小时内复电）；停电前通知：供电营业规则（1996）第六十六、六十七条的通知程序，预付费用户的提前量 24 小时为 griddesk 示例值（以预付费购电协议为准，可配置）；余额预警阈值 50 元、停电作业时段 08:00–17:00、免打扰 22:00–08:00 为示例值');

-- Price plans for the daily charge: tier bounds (annual kWh) and prices (yuan/kWh) — the same
-- published residential figures as billing's tariff versions of the same code (docs/billing.md).
CREATE TABLE prepaid_price_plans (
  code text PRIMARY KEY,
  customer_class text NOT NULL CHECK (customer_class IN ('residential', 'commercial_industrial', 'agricultural')),
  bounds_kwh numeric[] NOT NULL,
  prices_yuan numeric[] NOT NULL CHECK (cardinality(prices_yuan) = cardinality(bounds_kwh) + 1 AND cardinality(prices_yuan) BETWEEN 1 AND 3),
  source text NOT NULL
);
INSERT INTO prepaid_price_plans VALUES
  ('ZJ-RES-2012', 'residential', '{2760,4800}', '{0.538,0.588,0.838}', '浙江居民阶梯电价（年度，≤2760 0.538；2761–4800 0.588；≥4801 0.838 元/千瓦时），与计费模块电价版本 ZJ-RES-2012 相同'),
  ('SH-RES-2012', 'residential', '{3120,4800}', '{0.617,0.667,0.917}', '上海居民阶梯电价（年度，≤3120 0.617；3120–4800 0.667；>4800 0.917 元/千瓦时），与计费模块电价版本 SH-RES-2012 相同'),
  ('ZJ-CI1-LV-2024', 'commercial_industrial', '{}', '{0.6700}', '示例数据，非现行官方价格 / ILLUSTRATIVE (billing tariff version ZJ-CI1-LV-2024)');

CREATE TABLE prepaid_accounts (
  account_id bigint PRIMARY KEY,
  account_no text NOT NULL,
  customer_id bigint NOT NULL,
  org_unit_id bigint NOT NULL,
  org_path text NOT NULL,
  customer_class text NOT NULL,
  meter_no text NOT NULL,
  plan_code text NOT NULL REFERENCES prepaid_price_plans(code),
  balance_fen bigint NOT NULL DEFAULT 0,
  threshold_fen bigint NOT NULL CHECK (threshold_fen >= 0),
  supply text NOT NULL DEFAULT 'on' CHECK (supply IN ('on', 'off')),
  ytd_year int,
  ytd_kwh numeric(14,3) NOT NULL DEFAULT 0,
  last_charged_on date,
  low_notice_id bigint,
  zero_notice_id bigint,
  enrolled_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
) WITH (fillfactor = 50);
-- No index on the balance or the daily-pass columns: the pass updates every account every day, and an
-- update that changes no indexed column stays on its page (HOT) and touches no index; half of each page is
-- left free (fillfactor 50) so a whole day's updates fit beside the rows they replace (docs/prepaid.md).
CREATE INDEX prepaid_accounts_org ON prepaid_accounts (org_path text_pattern_ops);
CREATE INDEX prepaid_accounts_customer ON prepaid_accounts (customer_id);

-- AMI daily totals (日冻结电量) per account and day; a repeated day answers the stored value.
CREATE TABLE prepaid_usage (
  account_id bigint NOT NULL REFERENCES prepaid_accounts(account_id),
  day date NOT NULL,
  kwh numeric(12,3) NOT NULL CHECK (kwh >= 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (account_id, day)
);
CREATE INDEX prepaid_usage_day ON prepaid_usage (day);

-- One daily pass run (the ledger events name it).
CREATE TABLE prepaid_pass_runs (
  id bigserial PRIMARY KEY,
  day date NOT NULL,
  charged int NOT NULL DEFAULT 0,
  charge_fen bigint NOT NULL DEFAULT 0,
  low_notices int NOT NULL DEFAULT 0,
  zero_notices int NOT NULL DEFAULT 0,
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);

-- The daily charge: one per account and day (the pass is idempotent by this key).
CREATE TABLE prepaid_charges (
  account_id bigint NOT NULL,
  day date NOT NULL,
  kwh numeric(12,3) NOT NULL,
  charge_fen bigint NOT NULL CHECK (charge_fen >= 0),
  run_id bigint NOT NULL,
  PRIMARY KEY (account_id, day)
);

-- Top-ups into the balance: from a payment (any channel: counter, online, bank) or entered here.
CREATE TABLE prepaid_topups (
  id bigserial PRIMARY KEY,
  account_id bigint NOT NULL REFERENCES prepaid_accounts(account_id),
  channel text NOT NULL,
  reference text NOT NULL,
  amount_fen bigint NOT NULL CHECK (amount_fen > 0),
  payment_id bigint,
  balance_after_fen bigint NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (channel, reference)
);
CREATE INDEX prepaid_topups_account ON prepaid_topups (account_id, id);

-- Notices to the customer (low balance, below zero), sent through the outbox.
CREATE TABLE prepaid_notices (
  id bigserial PRIMARY KEY,
  account_id bigint NOT NULL REFERENCES prepaid_accounts(account_id),
  kind text NOT NULL CHECK (kind IN ('low', 'zero')),
  balance_fen bigint NOT NULL,
  channels text[] NOT NULL,
  send_after timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX prepaid_notices_account ON prepaid_notices (account_id, id);

-- Remote disconnect / reconnect orders to the meter head-end. A disconnect carries the notice it
-- rests on (the CHECK makes one without a notice impossible); one open order per account at a time.
CREATE TABLE prepaid_commands (
  id bigserial PRIMARY KEY,
  command_no text NOT NULL UNIQUE,
  account_id bigint NOT NULL REFERENCES prepaid_accounts(account_id),
  kind text NOT NULL CHECK (kind IN ('disconnect', 'reconnect')),
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'executed', 'failed', 'cancelled')),
  notice_id bigint REFERENCES prepaid_notices(id),
  topup_id bigint REFERENCES prepaid_topups(id),
  balance_fen bigint NOT NULL,
  requested_at timestamptz NOT NULL DEFAULT now(),
  not_before timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz,
  executed_at timestamptz,
  attempts int NOT NULL DEFAULT 0,
  last_error text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (kind <> 'disconnect' OR notice_id IS NOT NULL)
);
CREATE UNIQUE INDEX prepaid_commands_one_open ON prepaid_commands (account_id) WHERE status IN ('queued', 'sent');
CREATE INDEX prepaid_commands_open ON prepaid_commands (status, not_before) WHERE status IN ('queued', 'sent');
CREATE INDEX prepaid_commands_account ON prepaid_commands (account_id, id);

-- Ledger: the daily consumption of prepaid balances (one summary event per ledger unit, class and pass).
INSERT INTO ledger_posting_rules (event_type, seq, customer_class, side, amount_key, account_code, source)
SELECT t, s, NULLIF(c, ''), d, k, a, 'griddesk 记账规则示例：预付费日电费冲减预收 / illustrative: daily prepaid consumption' FROM (VALUES
  ('prepaid_consumption', 1, 'residential', 'debit', 'energy', '22030101'),
  ('prepaid_consumption', 1, 'commercial_industrial', 'debit', 'energy', '22030102'),
  ('prepaid_consumption', 1, 'agricultural', 'debit', 'energy', '22030103'),
  ('prepaid_consumption', 2, 'residential', 'credit', 'energy', '60010101'),
  ('prepaid_consumption', 2, 'commercial_industrial', 'credit', 'energy', '60010102'),
  ('prepaid_consumption', 2, 'agricultural', 'credit', 'energy', '60010103')
) AS r(t, s, c, d, k, a);
