/**
 * An account's credit bills (负数账单) and paid cancelled bills, with how each credit was used: the debts it
 * settled, the late fee charged when it was applied, what was kept as credit — or that it waits, with an
 * "apply now" action for the cashier (payments.collect). docs/payments.md, "Credit bills".
 */
import { App as AntApp, Button, Card, Space, Table, Tag, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { call, http, type Reply } from '../../api/http';
import { errorText } from '../../api/client';
import { yuan } from './money';

type Credit = Reply<'/api/payments/accounts/{accountId}/bill-credits', 'get'>[number];

export default function BillCreditsCard({ accountId, canApply }: { accountId: number; canApply: boolean }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const q = useQuery({
    queryKey: ['bill-credits', accountId],
    queryFn: () => call(http.GET('/api/payments/accounts/{accountId}/bill-credits', { params: { path: { accountId } } })),
  });
  // a reader without payments.read (or an account out of scope) sees no card rather than an error
  if (q.error || !q.data?.length) return null;
  const pending = q.data.some((c) => c.status === 'pending');
  const apply = () =>
    call(http.POST('/api/payments/accounts/{accountId}/bill-credits/apply', { params: { path: { accountId } } }))
      .then(async () => {
        message.success(t('pay.credits.applied'));
        for (const key of ['bill-credits', 'arrears', 'payments']) await qc.invalidateQueries({ queryKey: [key, accountId] });
      })
      .catch((e) => {
        message.error(errorText(e));
      });
  return (
    <Card
      title={t('pay.credits.title')}
      data-testid="bill-credits"
      extra={
        canApply && pending ? (
          <Button size="small" type="primary" onClick={apply} data-testid="bill-credits-apply">
            {t('pay.credits.apply')}
          </Button>
        ) : null
      }
    >
      <Table<Credit>
        rowKey={(c) => `${c.source}:${c.billId}:${c.paymentId ?? 0}`}
        size="small"
        pagination={false}
        dataSource={q.data}
        columns={[
          { title: t('pay.credits.bill'), dataIndex: 'billId', render: (id: number, c: Credit) => (c.cycle ? `${id} (${c.cycle})` : id) },
          { title: t('pay.credits.source'), dataIndex: 'source', render: (s: string) => t(`pay.credits.sources.${s}`) },
          { title: t('pay.credits.credit'), dataIndex: 'creditFen', align: 'right' as const, render: yuan },
          {
            title: t('pay.credits.status'),
            dataIndex: 'status',
            render: (s: string) => <Tag color={s === 'applied' ? 'green' : s === 'pending' ? 'orange' : 'default'}>{t(`pay.credits.statuses.${s}`)}</Tag>,
          },
          { title: t('pay.credits.receiptNo'), dataIndex: 'receiptNo' },
          { title: t('pay.credits.appliedOn'), dataIndex: 'appliedOn' },
          {
            title: t('pay.credits.used'),
            render: (_: unknown, c: Credit) => (
              <Space direction="vertical" size={0} data-testid={`bill-credit-${c.billId}`}>
                {c.allocations.map((a, i) => (
                  <span key={i}>
                    {t('pay.bill')} {a.billId}
                    {a.cycle ? ` (${a.cycle})` : ''} · {t(`pay.kinds.${a.kind}`)} {yuan(a.amountFen)}
                  </span>
                ))}
                {c.feeChargedFen > 0 && <Typography.Text type="secondary">{t('pay.credits.fee', { fen: yuan(c.feeChargedFen) })}</Typography.Text>}
                {c.keptAsCreditFen > 0 && <span>{t('pay.credits.kept', { fen: yuan(c.keptAsCreditFen) })}</span>}
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}
