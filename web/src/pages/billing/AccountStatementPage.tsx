/** An account's statement: monthly usage (ECharts) and bill history, each bill's lines, cancel & rebill. */
import { Suspense, useMemo } from 'react';
import { App as AntApp, Button, Card, Input, Skeleton, Space, Table, Tag } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { call, http, type Reply } from '../../api/http';
import { yuan } from '../../api/billing';
import { errorText } from '../../api/client';
import { EChart } from '../../components/charts';
import { LoadError } from '../../components/Problems';
import BillLines from './BillLines';
import SplitSettlementCard from './SplitSettlementCard';
import BillingParamsCard from './BillingParamsCard';
import BillCreditsCard from '../payments/BillCreditsCard';

type Bill = Reply<'/api/billing/accounts/{accountId}/statement', 'get'>['bills'][number];

export default function AccountStatementPage() {
  const { t } = useTranslation();
  const accountId = Number(useParams().accountId);
  const qc = useQueryClient();
  const { message, modal } = AntApp.useApp();
  const q = useQuery({
    queryKey: ['statement', accountId],
    queryFn: () => call(http.GET('/api/billing/accounts/{accountId}/statement', { params: { path: { accountId } } })),
  });
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: {},
      grid: { left: 50, right: 50, top: 40, bottom: 30 },
      xAxis: { type: 'category', data: (q.data?.usage ?? []).map((u) => u.cycle) },
      yAxis: [
        { type: 'value', name: 'kWh' },
        { type: 'value', name: '¥' },
      ],
      series: [
        { name: t('billrun.kwh'), type: 'bar', data: (q.data?.usage ?? []).map((u) => u.kwh) },
        { name: t('billrun.amount'), type: 'line', yAxisIndex: 1, data: (q.data?.usage ?? []).map((u) => u.totalFen / 100) },
      ],
    }),
    [q.data, t],
  );
  const rebill = (b: Bill) => {
    let reason = '';
    modal.confirm({
      title: t('billrun.rebill'),
      content: <Input.TextArea rows={3} placeholder={t('billrun.reason')} onChange={(e) => (reason = e.target.value)} />,
      onOk: () =>
        call(http.POST('/api/billing/bills/{id}/rebill', { params: { path: { id: b.id } }, body: { reason: reason || t('billrun.rebill') } }))
          .then((r) => {
            message.success(t('billrun.rebilled', { rev: r.reversal.id, next: r.rebill.id }));
            void qc.invalidateQueries({ queryKey: ['bill-credits', accountId] });
            return qc.invalidateQueries({ queryKey: ['statement', accountId] });
          })
          .catch((e) => {
            message.error(errorText(e));
          }),
    });
  };
  if (q.error) return <LoadError error={q.error} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card title={t('billrun.statementOf', { id: accountId })}>
        <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: 280 }} />}>
          <EChart option={option} height={280} testId="usage-chart" />
        </Suspense>
      </Card>
      <BillingParamsCard accountId={accountId} />
      <SplitSettlementCard accountId={accountId} />
      <BillCreditsCard accountId={accountId} canApply={false} />
      <Card title={t('billrun.bills')}>
        <Table<Bill>
          data-testid="statement-bills"
          rowKey="id"
          size="small"
          loading={q.isLoading}
          dataSource={q.data?.bills ?? []}
          pagination={false}
          expandable={{ expandedRowRender: (b) => <BillLines id={b.id} /> }}
          columns={[
            { title: '#', dataIndex: 'id' },
            { title: t('billrun.cycle'), dataIndex: 'cycle' },
            {
              title: t('billrun.bill'),
              dataIndex: 'kind',
              render: (k: string, b: Bill) =>
                b.interimNo === null ? t(`billrun.kinds.${k}`) : `${t(`billrun.kinds.${k}`)} · ${t('billrun.split.interimTag', { no: b.interimNo })}`,
            },
            { title: t('billrun.dueDate'), dataIndex: 'dueDate' },
            {
              title: t('billrun.status'),
              dataIndex: 'status',
              render: (s: string) => <Tag color={s === 'released' ? 'green' : s === 'cancelled' ? 'default' : 'blue'}>{t(`billrun.billStatuses.${s}`)}</Tag>,
            },
            { title: t('billrun.kwh'), dataIndex: 'kwh' },
            { title: t('billrun.amount'), dataIndex: 'totalFen', align: 'right' as const, render: (f: number) => yuan(f) },
            { title: t('billrun.reason'), dataIndex: 'reason' },
            {
              title: t('common.actions'),
              render: (_: unknown, b: Bill) =>
                b.status === 'released' && b.kind !== 'reversal' && b.kind !== 'interim' ? (
                  <Button size="small" onClick={() => rebill(b)}>
                    {t('billrun.rebill')}
                  </Button>
                ) : null,
            },
          ]}
        />
      </Card>
    </Space>
  );
}
