/**
 * Payment approvals (four eyes): reversal and refund requests waiting for a decision by someone other
 * than the requester; approve or reject with a note. The server refuses one's own request.
 */
import { App as AntApp, Button, Card, Input, Space, Table, Tag } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { call, http, type Reply } from '../../api/http';
import { errorText } from '../../api/client';
import { LoadError } from '../../components/Problems';
import { yuan } from './money';

type Request = Reply<'/api/payments/requests', 'get'>[number];

export default function ApprovalsPage() {
  const { t } = useTranslation();
  const { message, modal } = AntApp.useApp();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['pay-requests'], queryFn: () => call(http.GET('/api/payments/requests', { params: { query: { status: 'pending' } } })) });
  const decide = (r: Request, approve: boolean) => {
    let note = '';
    modal.confirm({
      title: approve ? t('pay.approve') : t('pay.reject'),
      content: <Input.TextArea rows={2} placeholder={t('pay.note')} onChange={(e) => (note = e.target.value)} />,
      onOk: () =>
        call(
          http.POST(approve ? '/api/payments/requests/{id}/approve' : '/api/payments/requests/{id}/reject', {
            params: { path: { id: r.id } },
            body: note ? { note } : {},
          }),
        )
          .then(() => qc.invalidateQueries({ queryKey: ['pay-requests'] }))
          .catch((e) => {
            message.error(errorText(e));
          }),
    });
  };
  if (q.error) return <LoadError error={q.error} />;
  return (
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
          {
            title: t('common.actions'),
            render: (_: unknown, r: Request) => (
              <Space>
                <Button size="small" type="primary" onClick={() => decide(r, true)}>
                  {t('pay.approve')}
                </Button>
                <Button size="small" danger onClick={() => decide(r, false)}>
                  {t('pay.reject')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}
