/** Portal: the signed-in customer's payments, each with its receipt. */
import { Card, Table, Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { call, http, type Reply } from '../../api/http';
import { LoadError } from '../../components/Problems';
import { yuan } from './money';

type Payment = Reply<'/api/portal/payments', 'get'>[number];

export default function PortalPaymentsPage() {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: ['portal-payments'], queryFn: () => call(http.GET('/api/portal/payments')) });
  if (q.error) return <LoadError error={q.error} />;
  return (
    <Card title={t('pay.portal')}>
      <Table<Payment>
        data-testid="portal-payments"
        rowKey="id"
        size="small"
        loading={q.isLoading}
        dataSource={q.data ?? []}
        pagination={false}
        columns={[
          { title: t('pay.receiptNo'), dataIndex: 'receiptNo' },
          { title: t('pay.account'), dataIndex: 'accountNo' },
          { title: t('pay.paidOn'), dataIndex: 'paidOn' },
          { title: t('pay.channel'), dataIndex: 'channel', render: (c: string) => t(`pay.channels.${c}`, { defaultValue: c }) },
          { title: t('pay.amount'), dataIndex: 'amountFen', align: 'right' as const, render: yuan },
          {
            title: t('pay.status'),
            dataIndex: 'status',
            render: (s: string) => <Tag color={s === 'posted' ? 'green' : 'default'}>{t(`pay.statuses.${s}`)}</Tag>,
          },
        ]}
      />
    </Card>
  );
}
