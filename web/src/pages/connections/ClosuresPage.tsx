/** 长期不用电销户: cases the finder proposed from the kWh register readings, the notice, the closure application, or cancellation. */
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, App, Button, Card, Input, Popconfirm, Segmented, Space, Table, Tag, Typography } from 'antd';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { connections, type ClosureCase, type ClosureStatus } from '../../api/connections';
import { errorText } from '../../api/client';
import { useAuth } from '../../app/auth';
import { LoadError } from '../../components/Problems';
import { label } from '../../components/labels';
import { fmtTime } from '../../components/time';

const STATUSES: ClosureStatus[] = ['proposed', 'notified', 'closing', 'closed', 'cancelled'];
const COLOR: Record<ClosureStatus, string> = { proposed: 'orange', notified: 'blue', closing: 'purple', closed: 'default', cancelled: 'default' };

export default function ClosuresPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [status, setStatus] = useState<ClosureStatus | 'all'>('proposed');
  const [page, setPage] = useState(1);
  const [reason, setReason] = useState('');
  const q = useQuery({
    queryKey: ['closures', status, page],
    queryFn: () => connections.closures({ status: status === 'all' ? undefined : status, limit: 20, offset: (page - 1) * 20 }),
    placeholderData: keepPreviousData,
  });
  const writable = can('connections.write');
  const act = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      await qc.invalidateQueries({ queryKey: ['closures'] });
    } catch (e) {
      message.error(errorText(e));
    }
  };

  return (
    <Card>
      <div className="gd-page-title">
        <Typography.Title level={3}>{t('conn.closure.title')}</Typography.Title>
        {writable && (
          <Button
            data-testid="closure-scan"
            onClick={() =>
              act(async () => {
                const r = await connections.closureScan();
                message.success(t('conn.closure.scanned', { accounts: r.accounts, proposed: r.proposed }));
              })
            }
          >
            {t('conn.closure.scan')}
          </Button>
        )}
      </div>
      <Alert type="info" showIcon message={t('conn.closure.intro')} style={{ marginBottom: 12 }} />
      <Segmented
        value={status}
        onChange={(v) => {
          setStatus(v as ClosureStatus | 'all');
          setPage(1);
        }}
        options={[
          ...STATUSES.map((s) => ({ value: s, label: `${label('conn.closure.statuses', s)} (${q.data?.counts[s] ?? 0})` })),
          { value: 'all', label: t('conn.closure.all') },
        ]}
        style={{ marginBottom: 12 }}
      />
      {q.error ? (
        <LoadError error={q.error} onRetry={() => q.refetch()} />
      ) : (
        <Table<ClosureCase>
          rowKey="id"
          size="middle"
          loading={q.isFetching}
          dataSource={q.data?.items ?? []}
          data-testid="closure-cases"
          pagination={{ current: page, pageSize: 20, total: q.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
          columns={[
            { title: t('conn.closure.account'), dataIndex: 'accountNo', render: (v) => <span className="gd-mono">{v}</span> },
            { title: t('conn.closure.customer'), dataIndex: 'customerName' },
            { title: t('conn.closure.idleSince'), dataIndex: 'idleSince' },
            { title: t('conn.closure.through'), dataIndex: 'evidenceThrough' },
            { title: t('conn.closure.months'), dataIndex: 'idleMonths', align: 'right' },
            {
              title: t('conn.closure.status'),
              dataIndex: 'status',
              render: (v: ClosureStatus, r) => (
                <Space size={2} wrap>
                  <Tag color={COLOR[v]}>{label('conn.closure.statuses', v)}</Tag>
                  {r.evidence.note?.startsWith('temporary_removal_exceeded') && <Tag color="red">{t('conn.closure.removalExceeded')}</Tag>}
                </Space>
              ),
            },
            { title: t('conn.closure.noticeUntil'), dataIndex: 'noticeUntil', render: (v, r) => (v ? `${v}（${fmtTime(r.noticeAt)}）` : '—') },
            {
              title: t('conn.closure.application'),
              dataIndex: 'appNo',
              render: (v, r) => (v && r.applicationId ? <Link to={`/connections/${r.applicationId}`}>{v}</Link> : (r.cancelReason ?? '—')),
            },
            {
              key: 'actions',
              render: (_, r) =>
                writable && (
                  <Space size={4}>
                    {r.status === 'proposed' && (
                      <Button size="small" type="primary" onClick={() => act(() => connections.closureNotice(r.id))} data-testid={`closure-notice-${r.id}`}>
                        {t('conn.closure.notice')}
                      </Button>
                    )}
                    {r.status === 'notified' && (
                      <Button size="small" type="primary" onClick={() => act(() => connections.closureApply(r.id))} data-testid={`closure-apply-${r.id}`}>
                        {t('conn.closure.apply')}
                      </Button>
                    )}
                    {(r.status === 'proposed' || r.status === 'notified') && (
                      <Popconfirm
                        title={<Input placeholder={t('conn.closure.cancelReason')} value={reason} onChange={(e) => setReason(e.target.value)} />}
                        onConfirm={() => act(() => connections.closureCancel(r.id, reason))}
                        okButtonProps={{ disabled: reason.trim() === '' }}
                      >
                        <Button size="small">{t('conn.closure.cancel')}</Button>
                      </Popconfirm>
                    )}
                  </Space>
                ),
            },
          ]}
        />
      )}
    </Card>
  );
}
