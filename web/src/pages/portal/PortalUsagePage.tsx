/**
 * The portal's usage page (docs/billing.md §18): the customer's kWh by month and, for an account billed
 * by time of use, by TOU period (from the released bills); and the load-shifting what-if (需求侧管理):
 * what moving a chosen share of the peak (and critical-peak) kWh to valley hours would have saved on the
 * latest bill, rated by the server with the tariff in force (GET /api/portal/usage/what-if).
 */
import { useEffect, useState } from 'react';
import { Alert, Button, Card, Checkbox, Descriptions, Empty, Select, Slider, Space, Statistic, Table, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../api/client';
import { call, http, type Reply } from '../../api/http';
import { yuan } from '../../api/billing';
import { LoadError } from '../../components/Problems';

type Usage = Reply<'/api/portal/usage', 'get'>;
type Month = Usage['accounts'][number]['months'][number];
type WhatIf = Reply<'/api/portal/usage/what-if', 'get'>;
const PERIODS = ['critical', 'peak', 'flat', 'valley'] as const;
const COLORS: Record<(typeof PERIODS)[number], string> = { critical: '#cf1322', peak: '#fa8c16', flat: '#1677ff', valley: '#52c41a' };

/** One month's kWh as a bar: by TOU period when known, else one colour; width relative to the largest month. */
function Bar({ m, max }: { m: Month; max: number }) {
  const total = Number(m.kwh);
  const width = max > 0 ? (total / max) * 100 : 0;
  if (!m.byPeriod) return <div style={{ width: `${width}%`, height: 12, background: '#1677ff' }} />;
  const by = m.byPeriod;
  const sum = PERIODS.reduce((s, p) => s + by[p], 0) || 1;
  return (
    <div style={{ display: 'flex', width: `${width}%`, height: 12 }}>
      {PERIODS.map((p) => (by[p] > 0 ? <div key={p} style={{ width: `${(by[p] / sum) * 100}%`, background: COLORS[p] }} /> : null))}
    </div>
  );
}

export default function PortalUsagePage() {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: ['portal-usage'], queryFn: ({ signal }) => call(http.GET('/api/portal/usage', { signal }), signal) });
  const [accountId, setAccountId] = useState<number | null>(null);
  useEffect(() => {
    if (q.data && accountId === null && q.data.accounts.length) setAccountId((q.data.accounts.find((a) => a.tou) ?? q.data.accounts[0]).accountId);
  }, [q.data, accountId]);
  if (q.error) return <LoadError error={q.error} onRetry={() => q.refetch()} />;
  const acc = q.data?.accounts.find((a) => a.accountId === accountId);
  const max = Math.max(0, ...(acc?.months ?? []).map((m) => Number(m.kwh)));
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      <Card
        title={t('billset.usageByMonth')}
        loading={q.isLoading}
        extra={
          (q.data?.accounts.length ?? 0) > 1 && (
            <Select
              style={{ minWidth: 260 }}
              value={accountId ?? undefined}
              onChange={setAccountId}
              options={q.data!.accounts.map((a) => ({ value: a.accountId, label: `${a.accountNo} ${a.address}` }))}
              data-testid="usage-account"
            />
          )
        }
      >
        {acc && !acc.tou && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('billset.notTou')} />}
        <Table<Month>
          data-testid="usage-months"
          rowKey="billId"
          size="small"
          pagination={false}
          dataSource={acc?.months ?? []}
          locale={{ emptyText: <Empty description={t('billset.noUsage')} /> }}
          columns={[
            { title: t('billset.cycle'), dataIndex: 'cycle', width: 100 },
            { title: t('billset.kwh'), dataIndex: 'kwh', align: 'right' as const, width: 110 },
            ...(acc?.tou
              ? PERIODS.map((p) => ({
                  title: <span style={{ color: COLORS[p] }}>{t(`billset.periods.${p}`)}</span>,
                  key: p,
                  align: 'right' as const,
                  width: 90,
                  render: (_: unknown, m: Month) => (m.byPeriod ? m.byPeriod[p] : ''),
                }))
              : []),
            { title: '', key: 'bar', render: (_: unknown, m: Month) => <Bar m={m} max={max} /> },
            { title: t('billset.amount'), dataIndex: 'totalFen', align: 'right' as const, width: 120, render: (f: number) => yuan(f) },
          ]}
        />
      </Card>
      {acc?.tou && <WhatIfCard accountId={acc.accountId} />}
    </Space>
  );
}

function WhatIfCard({ accountId }: { accountId: number }) {
  const { t } = useTranslation();
  const [sharePct, setShare] = useState(20);
  const [critical, setCritical] = useState(true);
  const [asked, setAsked] = useState<{ sharePct: number; critical: boolean } | null>(null);
  const q = useQuery({
    queryKey: ['what-if', accountId, asked],
    enabled: asked !== null,
    queryFn: ({ signal }) => call(http.GET('/api/portal/usage/what-if', { params: { query: { accountId, ...asked! } }, signal }), signal),
  });
  const w: WhatIf | undefined = q.data;
  return (
    <Card title={t('billset.whatIf')} data-testid="what-if">
      <Typography.Paragraph type="secondary">{t('billset.whatIfNote')}</Typography.Paragraph>
      <Space wrap align="center" size="large">
        <Space>
          {t('billset.share')}
          <Slider min={1} max={100} value={sharePct} onChange={setShare} style={{ width: 220 }} tooltip={{ formatter: (v) => `${v}%` }} />
          <Typography.Text data-testid="what-if-share">{sharePct}%</Typography.Text>
        </Space>
        <Checkbox checked={critical} onChange={(e) => setCritical(e.target.checked)}>
          {t('billset.includeCritical')}
        </Checkbox>
        <Button type="primary" onClick={() => setAsked({ sharePct, critical })} data-testid="what-if-run">
          {t('billset.compute')}
        </Button>
      </Space>
      {q.error && <Alert type="error" showIcon style={{ marginTop: 12 }} title={errorText(q.error)} />}
      {w && (
        <Space direction="vertical" style={{ width: '100%', marginTop: 16 }}>
          <Space size="large" wrap>
            <Statistic title={t('billset.before')} value={yuan(w.beforeFen)} />
            <Statistic title={t('billset.after')} value={yuan(w.afterFen)} />
            <Statistic title={t('billset.saving')} value={yuan(w.savingFen)} valueStyle={{ color: '#389e0d' }} data-testid="what-if-saving" />
          </Space>
          <Descriptions size="small" bordered column={PERIODS.length}>
            {PERIODS.map((p) => (
              <Descriptions.Item key={p} label={t(`billset.periods.${p}`)}>
                {w.before[p]} → {w.after[p]} kWh
              </Descriptions.Item>
            ))}
          </Descriptions>
          <Typography.Text type="secondary">
            {t('billset.moved', { kwh: w.movedKwh })} · {t('billset.basedOn', { cycle: w.cycle, codes: w.tariffCodes.join(', ') })}
          </Typography.Text>
        </Space>
      )}
    </Card>
  );
}
