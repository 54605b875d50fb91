-- Bill documents (docs/billing.md §13): the due date a released bill carries, and the figures the printed
-- bill states, as data. Owner: modules/billing.

-- Payment term: a bill released on day D is due on D + payment_days (China Standard Time dates). The
-- late-fee notice printed on every bill states the rates of 供电营业规则 (1996) Art. 98 (residential 1‰ a
-- day; others 2‰ on arrears of the current year, 3‰ on arrears of earlier years; a fee below ¥1 is ¥1);
-- the collection module's late-fee policy computes them. The 15-day term is an illustrative company setting.
ALTER TABLE billing_settings
  ADD COLUMN payment_days int NOT NULL DEFAULT 15 CHECK (payment_days BETWEEN 1 AND 90),
  ADD COLUMN late_fee_notice_zh text NOT NULL DEFAULT '逾期未交清电费，自缴费期限次日起按日加收电费违约金：居民用户每日按欠费总额的千分之一，其他用户当年欠费部分每日千分之二、跨年度欠费部分每日千分之三；违约金不足 1 元的按 1 元收取（《供电营业规则》第九十八条）。',
  ADD COLUMN late_fee_notice_en text NOT NULL DEFAULT 'Unpaid after the due date: a late fee is charged per day from the day after, residential 1‰ of the amount overdue, other customers 2‰ on arrears of the current year and 3‰ on arrears of earlier years; a fee below ¥1 is charged as ¥1 (Supply Business Rules, Art. 98).',
  ADD COLUMN hotline text NOT NULL DEFAULT '95598';

ALTER TABLE bills ADD COLUMN due_date date;
UPDATE bills SET due_date = (released_at AT TIME ZONE 'Asia/Shanghai')::date + 15 WHERE released_at IS NOT NULL;
