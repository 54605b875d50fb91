import { App, Button, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../api/client';
import { call, http, type Reply } from '../../api/http';
import { useAuth } from '../../app/auth';
import { LoadError } from '../../components/Problems';
import { label } from '../../components/labels';
import { fmtTime } from '../../components/time';

type Policy = Reply<'/api/sla/policies', 'get'>['policies'][number];
type Clock = Policy['clocks'][number];

function allowance(c: Clock, t: (k: string, o?: Record<string, unknown>) => string): string {
  if (c.basis === 'working_days') return t('slaAdmin.workingDays', { n: c.workingDays });
  const m = c.minutes ?? 0;
  return m % 60 === 0 ? t('wo.hours', { n: m / 60 }) : t('wo.mins', { n: m });
}

export default function PoliciesTab() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { message } = App.useApp();
  const q = useQuery({ queryKey: ['sla-policies'], queryFn: ({ signal }) => call(http.GET('/api/sla/policies', { signal }), signal) });
  const [set, setSet] = useState<string | undefined>();
  const [setFilter, setSetFilter] = useState<string | undefined>();
  if (q.error) return <LoadError error={q.error} onRetry={() => q.refetch()} />;
  const d = q.data;
  async function activate() {
    if (!set) return;
    try {
      await call(http.PUT('/api/sla/settings', { body: { activePolicySet: set } }));
      message.success(t('slaAdmin.activated'));
      void q.refetch();
    } catch (e) {
      message.error(errorText(e));
    }
  }
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Typography.Text>{t('slaAdmin.activeSet')}:</Typography.Text>
        <Select
          style={{ width: 360 }}
          value={set ?? d?.activePolicySet}
          onChange={setSet}
          disabled={!can('sla.admin')}
          options={(d?.sets ?? []).map((s) => ({ value: s.name, label: `${s.name}${s.title ? ` · ${s.title}` : ''}` }))}
        />
        {can('sla.admin') && set && set !== d?.activePolicySet && (
          <Button type="primary" onClick={activate}>
            {t('slaAdmin.activate')}
          </Button>
        )}
        <Typography.Text type="secondary">{t('slaAdmin.recomputeHint')}</Typography.Text>
      </Space>
      <Select
        allowClear
        placeholder={t('slaAdmin.set')}
        style={{ width: 200 }}
        value={setFilter}
        onChange={setSetFilter}
        options={(d?.sets ?? []).map((s) => ({ value: s.name, label: s.name }))}
      />
      <Table<Policy>
        rowKey="id"
        size="small"
        loading={q.isLoading}
        scroll={{ x: 'max-content' }}
        pagination={{ pageSize: 20 }}
        dataSource={(d?.policies ?? []).filter((p) => !setFilter || p.policySet === setFilter)}
        columns={[
          { title: t('slaAdmin.set'), dataIndex: 'policySet', render: (v) => <Tag color={v === d?.activePolicySet ? 'blue' : 'default'}>{v}</Tag> },
          { title: t('common.code'), dataIndex: 'code', className: 'gd-mono', render: (v, p) => `${v} v${p.version}` },
          {
            title: t('wo.type'),
            key: 'm',
            render: (_, p) => (
              <Space size={2} wrap>
                <Tag>{label('wo.types', p.match.orderType)}</Tag>
                {p.match.subtype && <Tag>{label('wo.subtypes', p.match.subtype)}</Tag>}
                {p.match.channel && <Tag>{label('wo.channels', p.match.channel)}</Tag>}
                {p.match.customerClass && <Tag>{label('customer.classes', p.match.customerClass)}</Tag>}
                {p.match.areaType && <Tag>{label('org.areaTypes', p.match.areaType)}</Tag>}
              </Space>
            ),
          },
          {
            title: t('wo.clocksTitle'),
            key: 'c',
            render: (_, p) =>
              p.clocks.map((c) => (
                <div key={c.name}>
                  {label('wo.clocks', c.name)}: {allowance(c, t as never)}
                  {c.pauseStates.length ? (
                    <Typography.Text type="secondary">
                      {' '}
                      · {t('slaAdmin.pausedIn')} {c.pauseStates.map((s) => label('wo.states', s)).join('、')}
                    </Typography.Text>
                  ) : null}
                </div>
              )),
          },
          { title: t('slaAdmin.valid'), key: 'v', render: (_, p) => `${fmtTime(p.validFrom)} – ${p.validTo ? fmtTime(p.validTo) : '∞'}` },
          { title: t('slaAdmin.source'), dataIndex: 'source', ellipsis: true, width: 240 },
        ]}
      />
    </Space>
  );
}
