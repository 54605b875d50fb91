/** Improvement plans (PDCA) as a board: a column per stage; a plan's actions, re-measurements and next stages in a drawer. */
import { useState } from 'react';
import {
  Alert,
  App,
  Badge,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Drawer,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { satisfaction, type PdcaStage, type Plan } from '../../api/satisfaction';
import { call, http } from '../../api/http';
import { useAuth } from '../../app/auth';
import { applyFormErrors } from '../../components/formErrors';
import { LoadError } from '../../components/Problems';
import { fmtTime } from '../../components/time';
import { segmentLabel } from './labels';

const STAGES: PdcaStage[] = ['plan', 'do', 'check', 'act', 'closed'];
const DIMS = ['segment', 'area', 'channel', 'orderType', 'method'] as const;

function indicatorText(p: Plan, t: (k: string) => string) {
  const i = p.indicator;
  const parts = [i.dimension && i.key ? `${t(`sat.dims.${i.dimension}`)}: ${segmentLabel(i.dimension, i.key)}` : t('sat.indicatorAll')];
  if (i.attribute) parts.push(`${t('sat.attribute')}: ${i.attribute}`);
  parts.push(`${i.windowDays} d`);
  return parts.join(' · ');
}

function PlanDrawer({ id, onClose }: { id: number; onClose: () => void }) {
  const q = useQuery({ queryKey: ['sat-plan', id], queryFn: () => satisfaction.plan(id) });
  return q.error ? <LoadError error={q.error} /> : q.data ? <PlanBody plan={q.data} onClose={onClose} /> : null;
}

function PlanBody({ plan, onClose }: { plan: Plan; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can } = useAuth();
  const qc = useQueryClient();
  const [action, setAction] = useState<{ title: string; due: Dayjs | null }>({ title: '', due: null });
  const done = (p: Plan) => {
    qc.setQueryData(['sat-plan', p.id], p);
    void qc.invalidateQueries({ queryKey: ['sat-plans'] });
  };
  const run = useMutation({
    mutationFn: (f: () => Promise<Plan>) => f(),
    onSuccess: done,
    onError: (e) => message.error(e instanceof Error ? e.message : String(e)),
  });
  const today = dayjs().format('YYYY-MM-DD');
  const edit = can('satisfaction.admin');
  return (
    <Drawer width={720} open onClose={onClose} title={plan.title}>
      <Descriptions size="small" column={2} bordered>
        <Descriptions.Item label={t('sat.indicator')} span={2}>
          {indicatorText(plan, t)}
        </Descriptions.Item>
        <Descriptions.Item label={t('sat.baseline')}>{plan.baseline ?? t('sat.noFigure')}</Descriptions.Item>
        <Descriptions.Item label={t('sat.target')}>{plan.target}</Descriptions.Item>
        <Descriptions.Item label={t('sat.owner')}>{plan.ownerName}</Descriptions.Item>
        <Descriptions.Item label={t('user.status')}>
          <Tag color="blue" data-testid="plan-stage">
            {t(`sat.stage.${plan.stage}`)}
          </Tag>
        </Descriptions.Item>
      </Descriptions>
      {edit && (
        <Space style={{ margin: '12px 0' }} wrap>
          {plan.nextStages.map((s) => (
            <Button key={s} type="primary" onClick={() => run.mutate(() => satisfaction.move(plan.id, s, plan.version))}>
              {t('sat.moveTo', { s: t(`sat.stage.${s}`) })}
            </Button>
          ))}
          {(plan.stage === 'do' || plan.stage === 'check' || plan.stage === 'act') && (
            <Button onClick={() => run.mutate(() => satisfaction.measure(plan.id))}>{t('sat.measure')}</Button>
          )}
        </Space>
      )}
      <Typography.Title level={5}>{t('sat.actions')}</Typography.Title>
      <List
        size="small"
        dataSource={plan.actions}
        renderItem={(a) => (
          <List.Item
            actions={
              edit && !a.doneOn && plan.stage !== 'plan' && plan.stage !== 'closed'
                ? [
                    <Button key="d" size="small" onClick={() => run.mutate(() => satisfaction.actionDone(plan.id, a.id, today))}>
                      {t('sat.done')}
                    </Button>,
                  ]
                : []
            }
          >
            <Space>
              {a.doneOn ? <Badge status="success" /> : a.overdue ? <Badge status="error" /> : <Badge status="processing" />}
              {a.title}
              <Typography.Text type="secondary">
                {t('sat.dueOn')} {a.dueOn}
              </Typography.Text>
              {a.doneOn && <Tag color="green">{a.doneOn}</Tag>}
              {a.overdue && <Tag color="red">{t('sat.overdue')}</Tag>}
            </Space>
          </List.Item>
        )}
      />
      {edit && plan.stage !== 'closed' && (
        <Space style={{ marginTop: 8 }}>
          <Input
            placeholder={t('sat.addAction')}
            value={action.title}
            onChange={(e) => setAction({ ...action, title: e.target.value })}
            style={{ width: 280 }}
          />
          <DatePicker value={action.due} onChange={(d) => setAction({ ...action, due: d })} placeholder={t('sat.dueOn')} />
          <Button
            icon={<PlusOutlined />}
            disabled={!action.title || !action.due}
            onClick={() => {
              run.mutate(() => satisfaction.addAction(plan.id, { title: action.title, dueOn: action.due!.format('YYYY-MM-DD') }));
              setAction({ title: '', due: null });
            }}
          />
        </Space>
      )}
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('sat.measurements')}
      </Typography.Title>
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={plan.measurements}
        columns={[
          { title: '', dataIndex: 'measuredAt', render: (v: string) => fmtTime(v) },
          { title: t('sat.windowDays'), render: (_, m) => `${m.periodFrom} – ${m.periodTo}` },
          { title: t('sat.index'), dataIndex: 'value', render: (v: number | null) => v ?? t('sat.noFigure') },
          { title: 'n', dataIndex: 'n' },
          {
            title: t('sat.target'),
            dataIndex: 'metTarget',
            render: (v: boolean | null) => (v === null ? '—' : <Tag color={v ? 'green' : 'orange'}>{v ? t('sat.met') : t('sat.notMet')}</Tag>),
          },
        ]}
      />
    </Drawer>
  );
}

export default function PlansPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const qc = useQueryClient();
  const [openId, setOpenId] = useState<number | null>(null);
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm();
  const [err, setErr] = useState<string | null>(null);
  const list = useQuery({ queryKey: ['sat-plans'], queryFn: () => satisfaction.plans({ limit: 200 }) });
  const users = useQuery({
    queryKey: ['users-for-plans'],
    queryFn: () => call(http.GET('/api/users', { params: { query: { limit: 200 } } })),
    enabled: creating,
  });
  const create = useMutation({
    mutationFn: (v: { title: string; target: number; ownerId: number; windowDays: number; dimension?: string; key?: string; attribute?: string }) =>
      satisfaction.createPlan({
        title: v.title,
        target: v.target,
        ownerId: v.ownerId,
        indicator: {
          windowDays: v.windowDays,
          ...(v.dimension && v.key ? { dimension: v.dimension as (typeof DIMS)[number], key: v.key } : {}),
          ...(v.attribute ? { attribute: v.attribute } : {}),
        },
      }),
    onSuccess: () => {
      setCreating(false);
      void qc.invalidateQueries({ queryKey: ['sat-plans'] });
    },
    onError: (e) => setErr(applyFormErrors(form, e)),
  });
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('sat.nav.plans')}
        </Typography.Title>
        {can('satisfaction.admin') && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => {
              setErr(null);
              form.resetFields();
              setCreating(true);
            }}
          >
            {t('sat.newPlan')}
          </Button>
        )}
      </Space>
      {list.error && <LoadError error={list.error} onRetry={() => list.refetch()} />}
      <Row gutter={12} wrap={false} style={{ overflowX: 'auto' }}>
        {STAGES.map((s) => (
          <Col key={s} flex="1 0 220px">
            <Card size="small" title={t(`sat.stage.${s}`)} styles={{ body: { background: '#fafafa', minHeight: 200 } }}>
              {(list.data?.items ?? [])
                .filter((p) => p.stage === s)
                .map((p) => (
                  <Card key={p.id} size="small" hoverable style={{ marginBottom: 8 }} onClick={() => setOpenId(p.id)}>
                    <Typography.Text strong>{p.title}</Typography.Text>
                    <div>
                      <Typography.Text type="secondary">
                        {t('sat.baseline')} {p.baseline ?? '—'} → {t('sat.target')} {p.target}
                      </Typography.Text>
                    </div>
                    <div>
                      {p.ownerName}
                      {p.actions.some((a) => a.overdue) && <Tag color="red">{t('sat.overdue')}</Tag>}
                    </div>
                  </Card>
                ))}
            </Card>
          </Col>
        ))}
      </Row>
      {openId !== null && <PlanDrawer id={openId} onClose={() => setOpenId(null)} />}
      <Modal open={creating} title={t('sat.newPlan')} onCancel={() => setCreating(false)} onOk={() => form.submit()} confirmLoading={create.isPending}>
        {err && <Alert type="error" showIcon message={err} style={{ marginBottom: 12 }} />}
        <Form form={form} layout="vertical" initialValues={{ windowDays: 30, target: 85 }} onFinish={(v) => create.mutate(v)}>
          <Form.Item name="title" label={t('sat.planTitle')} rules={[{ required: true }]}>
            <Input maxLength={200} />
          </Form.Item>
          <Row gutter={8}>
            <Col span={12}>
              <Form.Item name="dimension" label={t('sat.bySegment')}>
                <Select allowClear options={DIMS.map((d) => ({ value: d, label: t(`sat.dims.${d}`) }))} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="key" label={t('sat.qKey')}>
                <Input placeholder="residential / fault_repair / phone …" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="attribute" label={t('sat.attribute')}>
                <Input placeholder="speed" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="windowDays" label={t('sat.windowDays')} rules={[{ required: true }]}>
                <InputNumber min={7} max={366} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="target" label={t('sat.target')} rules={[{ required: true }]}>
                <InputNumber min={0} max={100} step={0.1} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="ownerId" label={t('sat.owner')} rules={[{ required: true }]}>
                <Select
                  showSearch
                  optionFilterProp="label"
                  loading={users.isLoading}
                  options={(users.data?.items ?? []).map((u) => ({ value: u.id, label: u.displayName }))}
                />
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </Modal>
    </Space>
  );
}
