/** The audit log (GET /api/audit), newest first, filterable by entity. */
import { useState } from 'react';
import { Card, Input, Space, Table, Typography } from 'antd';
import { useQuery, keepPreviousData } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { call, http } from '../../api/http';
import type { AuditEntry } from '../../api/types';
import { LoadError } from '../../components/Problems';

const PAGE = 50;

function Json({ v }: { v: unknown }) {
  if (v === null || v === undefined) return <span>—</span>;
  return (
    <pre className="gd-mono" style={{ margin: 0, fontSize: 12, maxWidth: 360, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
      {JSON.stringify(v, null, 1)}
    </pre>
  );
}

export default function AuditPage() {
  const { t } = useTranslation();
  const [entity, setEntity] = useState('');
  const [entityId, setEntityId] = useState('');
  const [page, setPage] = useState(1);
  const q = useQuery({
    queryKey: ['audit', entity, entityId, page],
    queryFn: ({ signal }) => call(http.GET('/api/audit', { params: { query: { entity, entityId, limit: PAGE, offset: (page - 1) * PAGE } }, signal }), signal),
    placeholderData: keepPreviousData,
  });
  const items = q.data?.items ?? [];
  const total = items.length === PAGE ? page * PAGE + 1 : (page - 1) * PAGE + items.length;
  return (
    <Card>
      <div className="gd-page-title">
        <Typography.Title level={3}>{t('audit.title')}</Typography.Title>
      </div>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          placeholder={t('audit.entity')}
          onSearch={(v) => {
            setEntity(v.trim());
            setPage(1);
          }}
          style={{ width: 200 }}
        />
        <Input.Search
          allowClear
          placeholder={t('audit.entityId')}
          onSearch={(v) => {
            setEntityId(v.trim());
            setPage(1);
          }}
          style={{ width: 160 }}
        />
      </Space>
      {q.error ? (
        <LoadError error={q.error} onRetry={() => q.refetch()} />
      ) : (
        <Table<AuditEntry>
          rowKey="seq"
          size="small"
          loading={q.isFetching}
          dataSource={items}
          scroll={{ x: 'max-content' }}
          pagination={{ current: page, pageSize: PAGE, total, onChange: setPage, showSizeChanger: false }}
          expandable={{
            expandedRowRender: (r) => (
              <Space align="start" wrap>
                <div>
                  <b>{t('audit.before')}</b>
                  <Json v={r.before} />
                </div>
                <div>
                  <b>{t('audit.after')}</b>
                  <Json v={r.after} />
                </div>
              </Space>
            ),
          }}
          columns={[
            { title: t('audit.seq'), dataIndex: 'seq', className: 'gd-mono' },
            { title: t('audit.at'), dataIndex: 'at', render: (v) => dayjs(v).format('YYYY-MM-DD HH:mm:ss') },
            { title: t('audit.actor'), dataIndex: 'actorName' },
            { title: t('audit.action'), dataIndex: 'action', className: 'gd-mono' },
            { title: t('audit.entity'), dataIndex: 'entity', className: 'gd-mono' },
            { title: t('audit.entityId'), dataIndex: 'entityId', className: 'gd-mono' },
            { title: t('audit.ip'), dataIndex: 'ip', className: 'gd-mono', responsive: ['lg'] },
          ]}
        />
      )}
    </Card>
  );
}
