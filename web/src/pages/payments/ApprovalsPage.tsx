/**
 * Payment approvals (four eyes): reversal and refund requests, and clearances of gateway statement exceptions,
 * waiting for a decision by someone other than the requester; approve or reject with a note. The server refuses
 * one's own request.
 */
import { Card, Space, Table, Tag } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { call, http, type Reply } from '../../api/http';
import { LoadError } from '../../components/Problems';
import { decisionColumn, useDecide } from './decisions';
import { yuan } from './money';

type Request = Reply<'/api/payments/requests', 'get'>[number];
type Clearance = Reply<'/api/payments/gateway/clearances', 'get'>[number];

export default function ApprovalsPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['pay-requests'], queryFn: () => call(http.GET('/api/payments/requests', { params: { query: { status: 'pending' } } })) });
  const decide = useDecide(
    (id, approve, body) =>
      call(http.POST(approve ? '/api/payments/requests/{id}/approve' : '/api/payments/requests/{id}/reject', { params: { path: { id } }, body })),
    () => qc.invalidateQueries({ queryKey: ['pay-requests'] }),
  );
  const cq = useQuery({
    queryKey: ['gw-clearances'],
    queryFn: () => call(http.GET('/api/payments/gateway/clearances', { params: { query: { status: 'pending' } } })),
  });
  const decideClearance = useDecide(
    (id, approve, body) =>
      call(
        http.POST(approve ? '/api/payments/gateway/clearances/{id}/approve' : '/api/payments/gateway/clearances/{id}/reject', {
          params: { path: { id } },
          body,
        }),
      ),
    () => qc.invalidateQueries({ queryKey: ['gw-clearances'] }),
  );
  if (q.error) return <LoadError error={q.error} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card title={t('pay.approvals')}>
        <Table<Request>
          data-testid="pay-requests"
          rowKey="id"
          size="small"
          loading={q.isLoading}
          dataSource={q.data ?? []}
          pagination={false}
          columns={[
            { title: '#', dataIndex: 'id' },
            { title: t('pay.requestKind'), dataIndex: 'kind', render: (k: string) => <Tag>{t(`pay.requestKinds.${k}`)}</Tag> },
            { title: t('pay.account'), dataIndex: 'accountId' },
            { title: t('pay.amount'), dataIndex: 'amountFen', align: 'right' as const, render: yuan },
            { title: t('pay.reason'), dataIndex: 'reason' },
            { title: t('pay.requestedAt'), dataIndex: 'requestedAt', render: (v: string) => String(v).slice(0, 19).replace('T', ' ') },
            decisionColumn<Request>(t, decide),
          ]}
        />
      </Card>
      <Card title={t('pay.gw.clearances')}>
        <Table<Clearance>
          data-testid="gw-clearances"
          rowKey="id"
          size="small"
          loading={cq.isLoading}
          dataSource={cq.data ?? []}
          pagination={false}
          columns={[
            { title: '#', dataIndex: 'id' },
            { title: t('pay.gw.clearAction'), dataIndex: 'action', render: (a: string) => <Tag>{t(`pay.gw.clearActions.${a}`)}</Tag> },
            { title: t('pay.amount'), dataIndex: 'amountFen', align: 'right' as const, render: yuan },
            { title: t('pay.reason'), dataIndex: 'reason' },
            { title: t('pay.gw.clearRef'), render: (_: unknown, c: Clearance) => c.externalRef ?? '' },
            { title: t('pay.requestedAt'), dataIndex: 'requestedAt', render: (v: string) => String(v).slice(0, 19).replace('T', ' ') },
            decisionColumn<Clearance>(t, decideClearance),
          ]}
        />
      </Card>
    </Space>
  );
}
