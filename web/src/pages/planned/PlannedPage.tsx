/** Planned-outage planner: plans with devices, window and reason; notice-window check; approve / start / complete / cancel. */
import { useState } from 'react';
import { App, Button, Card, Descriptions, Drawer, Segmented, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined, WarningOutlined } from '@ant-design/icons';
import { useQuery, keepPreviousData, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { planned, type Plan } from '../../api/outages';
import { errorText } from '../../api/client';
import { useAuth } from '../../app/auth';
import { LoadError } from '../../components/Problems';
import { label } from '../../components/labels';
import { fmtDuration, fmtTime } from '../../components/time';
import { useOrgName } from '../../components/useOrgName';
import PlanForm from './PlanForm';
import type { Permission } from '../../api/types';

const STEPS: { step: 'approve' | 'start' | 'complete' | 'cancel'; from: Plan['status'][]; perm: Permission; danger?: boolean }[] = [
  { step: 'approve', from: ['pending_approval'], perm: 'planned.approve' },
  { step: 'start', from: ['approved'], perm: 'planned.write' },
  { step: 'complete', from: ['in_progress'], perm: 'planned.write' },
  { step: 'cancel', from: ['pending_approval', 'approved'], perm: 'planned.write', danger: true },
];
const STATUS_COLORS: Record<string, string> = { pending_approval: 'orange', approved: 'blue', in_progress: 'red', completed: 'green', cancelled: 'default' };

export default function PlannedPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const orgName = useOrgName();
  const [status, setStatus] = useState<Plan['status'] | 'all'>('all');
  const [creating, setCreating] = useState(false);
  const [open, setOpen] = useState<number | null>(null);
  const list = useQuery({
    queryKey: ['planned', status],
    queryFn: () => planned.list({ status: status === 'all' ? undefined : status, limit: 100, offset: 0 }),
    placeholderData: keepPreviousData,
  });
  const detail = useQuery({ queryKey: ['planned', 'detail', open], queryFn: () => planned.detail(open!), enabled: !!open });

  async function step(p: Plan, s: (typeof STEPS)[number]['step']) {
    try {
      await planned.step(p.id, s);
      message.success(label('plan.steps', s));
      void qc.invalidateQueries({ queryKey: ['planned'] });
    } catch (e) {
      message.error(errorText(e));
    }
  }
  const stepButtons = (p: Plan) =>
    STEPS.filter((s) => s.from.includes(p.status) && can(s.perm)).map((s) => (
      <Button key={s.step} size="small" danger={s.danger} type={s.danger ? 'default' : 'link'} onClick={() => step(p, s.step)} data-testid={`plan-${s.step}`}>
        {label('plan.steps', s.step)}
      </Button>
    ));

  return (
    <Card>
      <div className="gd-page-title">
        <Typography.Title level={3}>{t('plan.title')}</Typography.Title>
        <Segmented
          value={status}
          onChange={(v) => setStatus(v as typeof status)}
          options={['all', 'pending_approval', 'approved', 'in_progress', 'completed', 'cancelled'].map((s) => ({
            value: s,
            label: s === 'all' ? t('common.all') : label('plan.statuses', s),
          }))}
        />
        <div style={{ flex: 1 }} />
        {can('planned.write') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="plan-new">
            {t('plan.new')}
          </Button>
        )}
      </div>
      {list.error ? (
        <LoadError error={list.error} onRetry={() => list.refetch()} />
      ) : (
        <Table<Plan>
          rowKey="id"
          size="middle"
          loading={list.isFetching}
          dataSource={list.data ?? []}
          scroll={{ x: 'max-content' }}
          pagination={{ pageSize: 20 }}
          columns={[
            {
              title: t('plan.planNo'),
              dataIndex: 'planNo',
              render: (v, p) => (
                <a className="gd-mono" onClick={() => setOpen(p.id)}>
                  {v}
                </a>
              ),
            },
            { title: t('plan.kind'), dataIndex: 'kind', render: (v) => label('outage.kinds', v) },
            {
              title: t('wo.status'),
              dataIndex: 'status',
              render: (v, p) => (
                <Space size={2}>
                  <Tag color={STATUS_COLORS[v]}>{label('plan.statuses', v)}</Tag>
                  {p.needsApproval && (
                    <Tag icon={<WarningOutlined />} color="orange">
                      {t('plan.insideNotice')}
                    </Tag>
                  )}
                </Space>
              ),
            },
            { title: t('plan.window'), key: 'w', render: (_, p) => `${fmtTime(p.startsAt)} – ${fmtTime(p.endsAt)}` },
            { title: t('plan.reason'), dataIndex: 'reason', ellipsis: true, width: 220 },
            { title: t('outage.affectedCol'), dataIndex: 'affectedCustomers', align: 'right' },
            { title: t('wo.org'), dataIndex: 'orgUnitId', responsive: ['xl'], render: (v) => orgName(v) },
            { title: t('common.actions'), key: 'a', render: (_, p) => <Space size={0}>{stepButtons(p)}</Space> },
          ]}
        />
      )}
      {creating && (
        <PlanForm
          onClose={() => setCreating(false)}
          onSaved={(id) => {
            setCreating(false);
            setOpen(id);
            void list.refetch();
          }}
        />
      )}
      <Drawer
        open={!!open}
        onClose={() => setOpen(null)}
        size={520}
        title={detail.data?.planNo ?? ''}
        extra={detail.data && <Space>{stepButtons(detail.data)}</Space>}
      >
        {detail.data && (
          <Space orientation="vertical" style={{ width: '100%' }} data-testid="plan-detail">
            <Descriptions size="small" column={1} bordered>
              <Descriptions.Item label={t('wo.status')}>
                <Tag color={STATUS_COLORS[detail.data.status]}>{label('plan.statuses', detail.data.status)}</Tag>
              </Descriptions.Item>
              <Descriptions.Item label={t('plan.kind')}>{label('outage.kinds', detail.data.kind)}</Descriptions.Item>
              <Descriptions.Item label={t('plan.window')}>
                {fmtTime(detail.data.startsAt)} – {fmtTime(detail.data.endsAt)}
              </Descriptions.Item>
              <Descriptions.Item label={t('plan.reason')}>{detail.data.reason}</Descriptions.Item>
              <Descriptions.Item label={t('plan.customers')}>
                {detail.data.customers.total}（{t('outage.important')} {detail.data.customers.important}）
              </Descriptions.Item>
              <Descriptions.Item label={t('plan.notified')}>{detail.data.customers.notified}</Descriptions.Item>
              {detail.data.approvedAt && <Descriptions.Item label={t('plan.approvedAt')}>{fmtTime(detail.data.approvedAt)}</Descriptions.Item>}
            </Descriptions>
            {detail.data.noticeShortfalls.map((s, i) => (
              <Tag key={i} color="orange" icon={<WarningOutlined />} style={{ whiteSpace: 'normal' }}>
                {t('plan.shortfall', {
                  who: label('plan.audience', s.audience),
                  need: fmtDuration(s.requiredMinutes * 60_000),
                  have: fmtDuration(Math.max(0, s.actualMinutes) * 60_000),
                })}
              </Tag>
            ))}
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={detail.data.devices}
              columns={[
                { title: t('network.kind'), dataIndex: 'kind', render: (v) => label('network.kinds', v) },
                { title: t('common.code'), dataIndex: 'code', className: 'gd-mono' },
                { title: t('common.name'), dataIndex: 'name' },
              ]}
            />
          </Space>
        )}
      </Drawer>
    </Card>
  );
}
