/** Outage list: affected customers, calls, ETR, crew; active by default. */
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { App, Button, Card, Segmented, Space, Table, Tabs, Tag, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useQuery, keepPreviousData } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { outages, type OutageItem } from '../../api/outages';
import { errorText } from '../../api/client';
import type { QueryOf } from '../../api/http';
import { useAuth } from '../../app/auth';
import UnplacedCalls from './UnplacedCalls';
import { LoadError } from '../../components/Problems';
import { label } from '../../components/labels';
import { fmtTime } from '../../components/time';
import { useOrgName } from '../../components/useOrgName';
import { AcceptanceTag, OutageStateTag } from './OutageStateTag';

export default function OutageListPage() {
  const { t } = useTranslation();
  const orgName = useOrgName();
  const [status, setStatus] = useState<NonNullable<QueryOf<'/api/outages', 'get'>['status']>>('active');
  const [page, setPage] = useState(0);
  const [picked, setPicked] = useState<number[]>([]);
  const { can } = useAuth();
  const { message } = App.useApp();
  async function merge() {
    try {
      await outages.merge(picked);
      message.success(t('outage.actions.merge'));
      setPicked([]);
      void q.refetch();
    } catch (e) {
      message.error(errorText(e));
    }
  }
  const q = useQuery({
    queryKey: ['outages', status, page],
    queryFn: () => outages.list({ status, limit: 50, offset: page * 50 }),
    placeholderData: keepPreviousData,
    refetchInterval: 30_000,
  });
  const items = q.data ?? [];
  return (
    <Card>
      <div className="gd-page-title">
        <Typography.Title level={3}>{t('outage.list')}</Typography.Title>
        <Segmented
          value={status}
          onChange={(v) => {
            setStatus(v as typeof status);
            setPage(0);
          }}
          options={[
            { value: 'active', label: t('outage.active') },
            { value: 'restored', label: label('outage.states', 'restored') },
            { value: 'all', label: t('outage.all') },
          ]}
        />
        <div style={{ flex: 1 }} />
        {can('outages.write') && picked.length >= 2 && (
          <Button onClick={merge}>
            {t('outage.mergeSelected')} ({picked.length})
          </Button>
        )}
        <Button icon={<ReloadOutlined />} onClick={() => q.refetch()} loading={q.isFetching}>
          {t('common.refresh')}
        </Button>
      </div>
      {q.error ? (
        <LoadError error={q.error} onRetry={() => q.refetch()} />
      ) : (
        <Table<OutageItem>
          rowKey="id"
          size="middle"
          loading={q.isFetching && !q.data}
          dataSource={items}
          scroll={{ x: 'max-content' }}
          rowSelection={
            can('outages.write')
              ? {
                  selectedRowKeys: picked,
                  onChange: (k) => setPicked(k as number[]),
                  getCheckboxProps: (r) => ({
                    disabled: r.kind !== 'fault' || !['predicted', 'confirmed', 'crew_assigned', 'en_route', 'on_site'].includes(r.status),
                  }),
                }
              : undefined
          }
          pagination={{
            current: page + 1,
            pageSize: 50,
            total: page * 50 + items.length + (items.length === 50 ? 1 : 0),
            onChange: (p) => setPage(p - 1),
            showSizeChanger: false,
          }}
          columns={[
            {
              title: t('outage.outageNo'),
              dataIndex: 'outageNo',
              render: (v, r) => (
                <Link to={`/outages/${r.id}`} className="gd-mono">
                  {v}
                </Link>
              ),
            },
            {
              title: t('outage.status'),
              dataIndex: 'status',
              render: (s, r) => (
                <Space size={2} wrap>
                  <OutageStateTag status={s} />
                  <AcceptanceTag acceptance={r.acceptance} overdue={r.acceptOverdue} declined={r.declined} />
                </Space>
              ),
            },
            {
              title: t('outage.device'),
              key: 'dev',
              render: (_, r) => (
                <span>
                  <Tag>{label('network.kinds', r.device.kind)}</Tag>
                  {r.device.code} {r.device.name}
                </span>
              ),
            },
            { title: t('outage.affectedCol'), dataIndex: 'affectedCustomers', align: 'right' },
            { title: t('outage.calls'), dataIndex: 'callCount', align: 'right' },
            { title: t('outage.etr'), dataIndex: 'etr', render: fmtTime },
            { title: t('outage.crew'), key: 'crew', render: (_, r) => r.crew?.name ?? '—' },
            { title: t('outage.startedAt'), dataIndex: 'startedAt', render: fmtTime },
            { title: t('wo.org'), dataIndex: 'orgUnitId', responsive: ['xl'], render: (v) => orgName(v) },
            {
              title: '',
              key: 'flags',
              render: (_, r) => (
                <Space size={2}>
                  {r.kind !== 'fault' && <Tag color="blue">{label('outage.kinds', r.kind)}</Tag>}
                  {r.repeatFault && <Tag color="red">{t('outage.repeat')}</Tag>}
                </Space>
              ),
            },
          ]}
        />
      )}
      {can('outages.read') && <Tabs style={{ marginTop: 16 }} items={[{ key: 'unplaced', label: t('outage.unplaced'), children: <UnplacedCalls /> }]} />}
    </Card>
  );
}
