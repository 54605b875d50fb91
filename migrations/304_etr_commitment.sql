-- Fault outages: scope and estimated restoration time entered within N minutes of confirmation
-- (docs/rules.md §1: 5 min). Policy data; the outage list shows when the ETR is due and overdue.
INSERT INTO outage_policies (name, version, data, source) VALUES
 ('repair_commitment', 1, '{"etrWithinMinutes": 5}', '供电服务承诺：故障停电确认后 5 分钟内录入停电范围和预计复电时间');
