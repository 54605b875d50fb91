/** 大客户名册: customers classified large (capacity, consumption, important, high-risk) with the reasons and power-factor standard. */
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Card, Space, Switch, Table, Tabs, Tag, Typography } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { connections, type RegisterEntry } from '../../api/connections';
import { LoadError } from '../../components/Problems';
import { fmtTime } from '../../components/time';
import { pick } from '../../i18n';
import { InspectionsPanel } from './InspectionsPanel';

export default function LargeCustomersPage() {
  const { t } = useTranslation();
  const [all, setAll] = useState(false);
  const [page, setPage] = useState(1);
  const q = useQuery({
    queryKey: ['large-customers', all, page],
    queryFn: () => connections.register({ all: all || undefined, limit: 20, offset: (page - 1) * 20 }),
    placeholderData: keepPreviousData,
  });
  return (
    <Card>
      <div className="gd-page-title">
        <Typography.Title level={3}>{t('conn.largeTitle')}</Typography.Title>
      </div>
      <Tabs
        items={[
          { key: 'register', label: t('conn.largeTitle'), children: register() },
          { key: 'inspections', label: t('conn.insp.tab'), children: <InspectionsPanel /> },
        ]}
      />
    </Card>
  );

  function register() {
    return (
      <>
        <Space style={{ marginBottom: 12 }}>
          <Switch
            checked={all}
            onChange={(v) => {
              setAll(v);
              setPage(1);
            }}
          />
          {t('conn.large.all')}
        </Space>
        {q.error ? (
          <LoadError error={q.error} onRetry={() => q.refetch()} />
        ) : (
          <Table<RegisterEntry>
            rowKey="applicationId"
            size="middle"
            loading={q.isFetching}
            dataSource={q.data?.items ?? []}
            data-testid="conn-register"
            pagination={{ current: page, pageSize: 20, total: q.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
            columns={[
              { title: t('conn.applicant'), dataIndex: 'name', render: (v, r) => <Link to={`/connections/${r.applicationId}`}>{v}</Link> },
              { title: t('conn.large.contractedKva'), dataIndex: 'contractedKva', align: 'right' },
              { title: t('conn.annualKwh'), dataIndex: 'annualKwh', align: 'right' },
              {
                title: t('conn.large.title'),
                dataIndex: 'large',
                render: (v) => <Tag color={v ? 'purple' : 'default'}>{v ? t('conn.large.isLarge') : t('conn.large.notLarge')}</Tag>,
              },
              {
                title: t('conn.large.reasons'),
                dataIndex: 'reasons',
                render: (rs: RegisterEntry['reasons']) => (
                  <Space size={2} wrap>
                    {rs.map((r) => (
                      <Tag key={r.code}>{pick(r)}</Tag>
                    ))}
                  </Space>
                ),
              },
              { title: t('conn.large.powerFactor'), dataIndex: 'powerFactor', render: (v) => v ?? '—' },
              { title: t('conn.large.computedAt'), dataIndex: 'computedAt', responsive: ['xl'], render: (v) => fmtTime(v) },
            ]}
          />
        )}
      </>
    );
  }
}
