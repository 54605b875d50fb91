/** This customer's connection applications (业扩报装), open and finished, with their stage and live clock (GET /api/connections?customerId=&status=all). */
import { Space, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Customer360 } from '../../../api/types';
import { connections, type AppSummary } from '../../../api/connections';
import { label } from '../../../components/labels';
import { fmtTime } from '../../../components/time';
import { LoadError } from '../../../components/Problems';
import { ConnClock } from '../../connections/ConnClock';
import { appNoColumn } from '../../connections/columns';

export default function ConnectionsTab({ data }: { data: Customer360 }) {
  const { t } = useTranslation();
  const q = useQuery({
    queryKey: ['customer-connections', data.customer.id],
    queryFn: () => connections.list({ customerId: data.customer.id, status: 'all', limit: 100, offset: 0 }),
  });
  if (q.error) return <LoadError error={q.error} />;
  return (
    <>
      <Typography.Paragraph type="secondary">{t('customer.connectionsNote')}</Typography.Paragraph>
      <Table<AppSummary>
        rowKey="id"
        size="small"
        loading={q.isLoading}
        dataSource={q.data?.items ?? []}
        pagination={false}
        data-testid="customer-connections"
        columns={[
          appNoColumn<AppSummary>(t),
          { title: t('conn.kind'), dataIndex: 'kind', render: (v) => label('conn.kinds', v) },
          {
            title: t('conn.stage'),
            dataIndex: 'stage',
            render: (v, a) => (
              <Space size={2}>
                <Tag color={a.status === 'open' ? 'blue' : 'default'}>{label('conn.stages', v)}</Tag>
                {a.status !== 'open' && <Tag>{label('conn.statuses', a.status)}</Tag>}
              </Space>
            ),
          },
          { title: t('conn.clock'), key: 'clock', render: (_, a) => (a.status === 'open' ? <ConnClock clock={a.clock} /> : null) },
          { title: t('conn.received'), dataIndex: 'receivedAt', render: (v) => fmtTime(v) },
        ]}
      />
    </>
  );
}
