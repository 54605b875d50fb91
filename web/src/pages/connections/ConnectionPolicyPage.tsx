/** 业扩时限与政策: the connection clocks of both policy sets (a new version of a limit from now on) and the published fee list of the policy document. */
import { useState } from 'react';
import { Alert, App, Button, Card, Input, InputNumber, Modal, Space, Table, Tag, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { connections, type Fee, type SlaPolicy } from '../../api/connections';
import { errorText } from '../../api/client';
import { useAuth } from '../../app/auth';
import { LoadError } from '../../components/Problems';
import { label } from '../../components/labels';
import { fmtTime } from '../../components/time';
import i18n from '../../i18n';

export default function ConnectionPolicyPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const sla = useQuery({ queryKey: ['connection-sla'], queryFn: () => connections.slaPolicies() });
  const doc = useQuery({ queryKey: ['connection-policy'], queryFn: () => connections.policy() });
  const [editing, setEditing] = useState<SlaPolicy | null>(null);
  const [days, setDays] = useState<Record<string, number>>({});
  const [source, setSource] = useState('');
  const [error, setError] = useState<string | null>(null);
  async function save() {
    setError(null);
    try {
      await connections.slaVersion(editing!.id, { workingDays: days, ...(source ? { source } : {}) });
      message.success(t('common.saved'));
      setEditing(null);
      void qc.invalidateQueries({ queryKey: ['connection-sla'] });
    } catch (e) {
      setError(errorText(e));
    }
  }
  const fees = (doc.data?.data as { fees?: Fee[] } | undefined)?.fees ?? [];
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <Typography.Title level={3}>{t('conn.policy.title')}</Typography.Title>
        <Typography.Paragraph type="secondary">
          {t('conn.policy.hint', { set: (doc.data?.data as { activeSet?: string } | undefined)?.activeSet ?? '—', version: doc.data?.version ?? '—' })}
        </Typography.Paragraph>
        {sla.error ? (
          <LoadError error={sla.error} onRetry={() => sla.refetch()} />
        ) : (
          <Table<SlaPolicy>
            rowKey="id"
            size="small"
            loading={sla.isFetching}
            dataSource={sla.data ?? []}
            pagination={false}
            data-testid="conn-sla-table"
            columns={[
              { title: t('conn.policySet'), dataIndex: 'policySet', render: (v) => <Tag>{v}</Tag> },
              { title: t('conn.customerClass'), dataIndex: 'customerClass', render: (v) => label('conn.classes', v) },
              {
                title: t('conn.clock'),
                dataIndex: 'clocks',
                render: (cs: SlaPolicy['clocks']) =>
                  cs.map((c) => `${label('conn.clockNames', c.name)} ${t('conn.workingDays', { n: c.workingDays })}`).join('；'),
              },
              { title: t('conn.policy.version'), dataIndex: 'version' },
              { title: t('conn.policy.validFrom'), dataIndex: 'validFrom', render: (v) => fmtTime(v) },
              { title: t('conn.policy.validTo'), dataIndex: 'validTo', render: (v) => fmtTime(v) },
              { title: t('conn.policy.source'), dataIndex: 'source', ellipsis: true, width: 320 },
              {
                title: t('common.actions'),
                key: 'a',
                render: (_, p) =>
                  p.validTo === null &&
                  can('connections.admin') && (
                    <Button
                      size="small"
                      type="link"
                      onClick={() => {
                        setEditing(p);
                        setDays(Object.fromEntries(p.clocks.map((c) => [c.name, c.workingDays ?? 1])));
                        setSource('');
                        setError(null);
                      }}
                    >
                      {t('conn.policy.newVersion')}
                    </Button>
                  ),
              },
            ]}
          />
        )}
      </Card>
      <Card title={t('conn.fees.published')} size="small">
        <Table<Fee>
          rowKey="code"
          size="small"
          pagination={false}
          dataSource={fees}
          columns={[
            { title: t('common.name'), key: 'n', render: (_, f) => (i18n.language.startsWith('en') ? f.nameEn : f.nameZh) },
            { title: t('conn.policy.amount'), key: 'm', render: (_, f) => t('conn.fees.perUnit', { amount: (f.amountFen / 100).toFixed(2), unit: f.unit }) },
            { title: t('conn.policy.source'), dataIndex: 'source' },
          ]}
        />
      </Card>
      <Modal open={!!editing} title={t('conn.policy.newVersion')} onCancel={() => setEditing(null)} onOk={save} destroyOnHidden>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Space orientation="vertical" style={{ width: '100%' }}>
          {editing?.clocks.map((c) => (
            <Space key={c.name}>
              <span style={{ width: 140, display: 'inline-block' }}>{label('conn.clockNames', c.name)}</span>
              <InputNumber min={1} max={2600} value={days[c.name]} onChange={(v) => setDays({ ...days, [c.name]: Number(v) })} />
              {t('conn.policy.days')}
            </Space>
          ))}
          <Input placeholder={t('conn.policy.source')} value={source} onChange={(e) => setSource(e.target.value)} maxLength={500} />
          <Typography.Text type="secondary">{t('conn.policy.versionHint')}</Typography.Text>
        </Space>
      </Modal>
    </Space>
  );
}
