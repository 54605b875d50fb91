/** 业扩工作台: applications of my org (or mine) with stage, owner, live clock and missing documents; most urgent first. */
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Button, Card, Input, Segmented, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { connections, type AppSummary } from '../../api/connections';
import { useAuth } from '../../app/auth';
import { LoadError } from '../../components/Problems';
import { label } from '../../components/labels';
import { fmtTime } from '../../components/time';
import { pick } from '../../i18n';
import { appNoColumn, clockColumn, customerClassColumn } from './columns';

const STAGES = ['acceptance', 'survey', 'plan', 'design_review', 'mid_inspection', 'completion', 'contract', 'power_on', 'archive'];

export default function WorkbenchPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const nav = useNavigate();
  const [scope, setScope] = useState<'org' | 'mine'>('org');
  const [stage, setStage] = useState<AppSummary['stage'] | undefined>();
  const [overdue, setOverdue] = useState(false);
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const list = useQuery({
    queryKey: ['connections', scope, stage, overdue, q, page],
    queryFn: () => connections.list({ scope, stage, overdue: overdue || undefined, q: q || undefined, limit: 20, offset: (page - 1) * 20 }),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
  return (
    <Card>
      <div className="gd-page-title">
        <Typography.Title level={3}>{t('conn.title')}</Typography.Title>
        <Segmented
          value={scope}
          onChange={(v) => {
            setScope(v as 'org' | 'mine');
            setPage(1);
          }}
          options={[
            { value: 'org', label: t('conn.scope.org') },
            { value: 'mine', label: t('conn.scope.mine') },
          ]}
        />
        <Select
          allowClear
          placeholder={t('conn.stage')}
          style={{ width: 160 }}
          value={stage}
          onChange={(v) => {
            setStage(v);
            setPage(1);
          }}
          options={STAGES.map((s) => ({ value: s, label: label('conn.stages', s) }))}
          data-testid="conn-stage-filter"
        />
        <Space>
          <Switch
            checked={overdue}
            onChange={(v) => {
              setOverdue(v);
              setPage(1);
            }}
            data-testid="conn-overdue"
          />
          {t('conn.onlyOverdue')}
        </Space>
        <Input.Search
          allowClear
          placeholder={t('conn.search')}
          style={{ width: 220 }}
          onSearch={(v) => {
            setQ(v);
            setPage(1);
          }}
        />
        <div style={{ flex: 1 }} />
        {can('connections.write') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => nav('/connections/new')} data-testid="conn-new">
            {t('conn.nav.new')}
          </Button>
        )}
      </div>
      {list.data && (
        <Typography.Paragraph type="secondary" data-testid="conn-counts">
          {t('conn.counts', { total: list.data.total, overdue: list.data.overdue, wait: list.data.customerWait })}
        </Typography.Paragraph>
      )}
      {list.error ? (
        <LoadError error={list.error} onRetry={() => list.refetch()} />
      ) : (
        <Table<AppSummary>
          rowKey="id"
          size="middle"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 'max-content' }}
          data-testid="conn-table"
          pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
          columns={[
            appNoColumn<AppSummary>(t),
            { title: t('conn.kind'), dataIndex: 'kind', render: (v) => label('conn.kinds', v) },
            customerClassColumn<AppSummary>(t),
            { title: t('conn.applicant'), dataIndex: 'applicantName' },
            {
              title: t('conn.stage'),
              dataIndex: 'stage',
              render: (v, a) => (
                <Space size={2}>
                  <Tag color="blue">{label('conn.stages', v)}</Tag>
                  {a.customerWait && <Tag>{label('conn.waitReasons', a.waitReason)}</Tag>}
                </Space>
              ),
            },
            { title: t('conn.owner'), dataIndex: 'stageOwner', responsive: ['lg'], render: (v) => label('conn.owners', v) },
            clockColumn<AppSummary>(t),
            {
              title: t('conn.missing'),
              key: 'missing',
              render: (_, a) =>
                a.missing.length ? (
                  <Space size={2} wrap>
                    {a.missing.map((m) => (
                      <Tag key={m.kind} color="volcano">
                        {pick(m)}
                      </Tag>
                    ))}
                  </Space>
                ) : a.stage === 'acceptance' ? (
                  <Tag color="green">{t('conn.noMissing')}</Tag>
                ) : null,
            },
            { title: t('conn.received'), dataIndex: 'receivedAt', responsive: ['xl'], render: (v) => fmtTime(v) },
          ]}
        />
      )}
    </Card>
  );
}
