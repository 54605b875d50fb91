/** One application: stage steps, the action of the current stage, documents, supply plan, reviews, agreements, history and clocks. */
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Input,
  Popconfirm,
  Row,
  Select,
  Skeleton,
  Space,
  Steps,
  Table,
  Tabs,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { connections, type AppDetail, type WaitReason } from '../../api/connections';
import { errorText } from '../../api/client';
import { useAuth } from '../../app/auth';
import { LoadError } from '../../components/Problems';
import { label } from '../../components/labels';
import { fmtDuration, fmtTime } from '../../components/time';
import { pick } from '../../i18n';
import { ConnClock } from './ConnClock';
import { DisputesPanel } from './DisputesPanel';
import { ContractCard } from './ContractCard';
import { DocumentsPanel } from './DocumentsPanel';
import { PlanPanel } from './PlanPanel';
import { AgreementsPanel, ReviewsPanel } from './ReviewsPanel';

export default function ApplicationDetailPage() {
  const { id } = useParams();
  const aid = Number(id);
  const { t } = useTranslation();
  const q = useQuery({ queryKey: ['connection', aid], queryFn: () => connections.detail(aid), refetchInterval: 60_000 });
  if (q.isLoading)
    return (
      <Card>
        <Skeleton active />
      </Card>
    );
  if (q.error || !q.data) return <LoadError error={q.error} onRetry={() => q.refetch()} />;
  const d = q.data;
  const a = d.application;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={
          <Space wrap>
            <span className="gd-mono" data-testid="conn-app-no">
              {a.appNo}
            </span>
            <Tag>{label('conn.kinds', a.kind)}</Tag>
            <Tag>{label('conn.classes', a.customerClass)}</Tag>
            <Tag color={a.status === 'open' ? 'blue' : 'default'} data-testid="conn-stage">
              {a.status === 'open' ? label('conn.stages', a.stage) : label('conn.statuses', a.status)}
            </Tag>
            <ConnClock clock={a.clock} />
          </Space>
        }
        extra={<Link to="/connections">{t('common.back')}</Link>}
      >
        <Steps
          size="small"
          titlePlacement="vertical"
          current={a.status === 'archived' ? d.flow.length : d.flow.indexOf(a.stage)}
          status={a.clock?.overdue ? 'error' : undefined}
          style={{ marginBottom: 16 }}
          data-testid="conn-steps"
          items={d.flow.map((s) => {
            const span = d.stages.filter((x) => x.stage === s).at(-1);
            return {
              title: label('conn.stages', s),
              content: span
                ? `${t('conn.workingDays', { n: span.workingDays })}${span.customerMs ? ` · ${t('conn.customerTime')} ${fmtDuration(span.customerMs)}` : ''}`
                : undefined,
            };
          })}
        />
        <StageActions d={d} />
      </Card>
      <Tabs
        items={[
          { key: 'overview', label: t('common.detail'), children: <Overview d={d} /> },
          { key: 'docs', label: `${t('conn.docs.title')}${a.missing.length ? ` (${a.missing.length})` : ''}`, children: <DocumentsPanel d={d} /> },
          { key: 'plan', label: t('conn.plan.title'), children: <PlanPanel d={d} /> },
          { key: 'reviews', label: t('conn.reviews.title'), children: <ReviewsPanel d={d} /> },
          {
            key: 'agreements',
            label: t('conn.agreements.title'),
            children: (
              <Space orientation="vertical" size={12} style={{ width: '100%' }}>
                <ContractCard appId={a.id} stage={a.stage} open={a.status === 'open'} />
                <AgreementsPanel d={d} />
              </Space>
            ),
          },
          { key: 'disputes', label: `${t('conn.dispute.tab')}${d.disputes.length ? ` (${d.disputes.length})` : ''}`, children: <DisputesPanel d={d} /> },
          { key: 'history', label: t('conn.timeline.events'), children: <History d={d} /> },
        ]}
      />
    </Space>
  );
}

function StageActions({ d }: { d: AppDetail }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [note, setNote] = useState('');
  const [date, setDate] = useState<Dayjs | null>(null);
  const [reason, setReason] = useState<WaitReason>('building_works');
  const [error, setError] = useState<string | null>(null);
  const a = d.application;
  if (a.status !== 'open' || !can('connections.write')) return null;
  const run = async (f: () => Promise<unknown>, ok?: string) => {
    setError(null);
    try {
      await f();
      if (ok) message.success(ok);
      setNote('');
      await qc.invalidateQueries({ queryKey: ['connection', a.id] });
      void qc.invalidateQueries({ queryKey: ['connections'] });
    } catch (e) {
      setError(errorText(e));
    }
  };
  const next = d.nextStage;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {error && <Alert type="error" showIcon title={error} closable onClose={() => setError(null)} data-testid="conn-action-error" />}
      <Space wrap>
        <Input placeholder={t('conn.details.note')} value={note} onChange={(e) => setNote(e.target.value)} style={{ width: 240 }} maxLength={500} />
        {next === 'power_on' && <DatePicker placeholder={t('conn.actions.powerOnDate')} value={date} onChange={setDate} />}
        {next && (
          <Button
            type="primary"
            data-testid="conn-advance"
            onClick={() =>
              run(
                () =>
                  connections.advance(a.id, next, {
                    ...(note ? { note } : {}),
                    ...(next === 'power_on' && date ? { powerOnDate: date.format('YYYY-MM-DD') } : {}),
                  }),
                t('common.saved'),
              )
            }
          >
            {next === 'archived' ? t('conn.actions.archive') : t('conn.actions.advance', { to: label('conn.stages', next) })}
          </Button>
        )}
        {a.stage === 'acceptance' && !a.missingNoticeAt && a.missing.length > 0 && (
          <Popconfirm title={a.missing.map((m) => pick(m)).join('；')} onConfirm={() => run(() => connections.missingNotice(a.id), t('conn.noticeSent'))}>
            <Button data-testid="conn-missing-notice">{t('conn.actions.missingNotice')}</Button>
          </Popconfirm>
        )}
        <Popconfirm
          title={t('conn.actions.cancelConfirm')}
          onConfirm={() => run(() => connections.cancel(a.id, note || t('conn.actions.cancelDefault')), t('common.saved'))}
        >
          <Button danger data-testid="conn-cancel">
            {t('conn.actions.cancel')}
          </Button>
        </Popconfirm>
        {a.customerWait ? (
          <Button onClick={() => run(() => connections.wait(a.id, 'end'))} data-testid="conn-wait-end">
            {t('conn.actions.waitEnd')}
          </Button>
        ) : (
          <Space.Compact>
            <Select
              value={reason}
              onChange={setReason}
              style={{ width: 160 }}
              options={(['building_works', 'payment', 'missing_documents', 'customer_request'] as const).map((r) => ({
                value: r,
                label: label('conn.waitReasons', r),
              }))}
            />
            <Button onClick={() => run(() => connections.wait(a.id, 'start', reason))} data-testid="conn-wait-start">
              {t('conn.actions.waitStart')}
            </Button>
          </Space.Compact>
        )}
      </Space>
      {a.customerWait && (
        <Typography.Text type="secondary">
          {t('conn.paused')} · {label('conn.waitReasons', a.waitReason)}
        </Typography.Text>
      )}
    </Space>
  );
}

function Overview({ d }: { d: AppDetail }) {
  const { t } = useTranslation();
  const a = d.application;
  const yes = (v: boolean) => (v ? t('common.yes') : t('common.no'));
  return (
    <Row gutter={16}>
      <Col xs={24} lg={14}>
        <Card size="small" data-testid="conn-overview">
          <Descriptions size="small" column={{ xs: 1, md: 2 }}>
            <Descriptions.Item label={t('conn.applicant')}>{a.applicantName}</Descriptions.Item>
            <Descriptions.Item label={t('conn.phone')}>{a.applicantPhone}</Descriptions.Item>
            <Descriptions.Item label={t('conn.address')}>{a.address}</Descriptions.Item>
            <Descriptions.Item label={t('conn.channel')}>{label('conn.channels', a.channel)}</Descriptions.Item>
            <Descriptions.Item label={t('conn.initiator')}>{label('conn.initiators', a.initiator)}</Descriptions.Item>
            <Descriptions.Item label={t('conn.voltageKv')}>{a.voltageKv}</Descriptions.Item>
            <Descriptions.Item label={t('conn.requestedKva')}>{a.requestedKva}</Descriptions.Item>
            <Descriptions.Item label={t('conn.existingKva')}>{a.existingKva}</Descriptions.Item>
            <Descriptions.Item label={t('conn.industry')}>{label('conn.industries', a.industry)}</Descriptions.Item>
            <Descriptions.Item label={t('conn.legalEntity')}>{yes(a.legalEntity)}</Descriptions.Item>
            <Descriptions.Item label={t('conn.ownGeneration')}>{yes(a.ownGeneration)}</Descriptions.Item>
            <Descriptions.Item label={t('conn.dedicatedLine')}>{yes(a.dedicatedLine)}</Descriptions.Item>
            <Descriptions.Item label={t('conn.policySet')}>{a.policySet}</Descriptions.Item>
            <Descriptions.Item label={t('conn.received')}>{fmtTime(a.receivedAt)}</Descriptions.Item>
            {a.servicePointId && (
              <Descriptions.Item label={t('conn.servicePointId')}>
                {a.customerId ? <Link to={`/customers/${a.customerId}`}>{a.servicePointId}</Link> : a.servicePointId}
              </Descriptions.Item>
            )}
          </Descriptions>
        </Card>
      </Col>
      <Col xs={24} lg={10}>
        <Card size="small" title={t('conn.large.title')} data-testid="conn-large">
          <Space orientation="vertical">
            <Tag color={d.large.large ? 'purple' : 'default'}>{d.large.large ? t('conn.large.isLarge') : t('conn.large.notLarge')}</Tag>
            {d.large.reasons.map((r) => (
              <Typography.Text key={r.code}>· {pick(r)}</Typography.Text>
            ))}
            <Typography.Text>
              {t('conn.large.powerFactor')}
              {t('conn.colon')}
              {d.large.powerFactor ?? '—'}
            </Typography.Text>
          </Space>
        </Card>
      </Col>
    </Row>
  );
}

function History({ d }: { d: AppDetail }) {
  const { t } = useTranslation();
  return (
    <Row gutter={16}>
      <Col xs={24} lg={12}>
        <Card size="small" title={t('conn.timeline.clocks')}>
          <Table
            size="small"
            rowKey="name"
            pagination={false}
            dataSource={d.clocks}
            columns={[
              { title: t('conn.clock'), dataIndex: 'name', render: (v) => label('conn.clockNames', v) },
              {
                title: t('conn.status'),
                dataIndex: 'state',
                render: (v) => (
                  <Tag color={v === 'breached' ? 'red' : v === 'met' ? 'green' : v === 'paused' ? 'default' : 'blue'}>{label('conn.clockStates', v)}</Tag>
                ),
              },
              { title: t('conn.due'), dataIndex: 'dueAt', render: (v) => fmtTime(v) },
              { title: t('conn.customerTime'), dataIndex: 'pausedMs', render: (v) => (v ? fmtDuration(v) : '—') },
            ]}
          />
          <Table
            size="small"
            rowKey={(s) => `${s.stage}-${s.enteredAt}`}
            pagination={false}
            dataSource={d.stages}
            style={{ marginTop: 16 }}
            columns={[
              { title: t('conn.stage'), dataIndex: 'stage', render: (v) => label('conn.stages', v) },
              { title: t('conn.timeline.entered'), dataIndex: 'enteredAt', render: (v) => fmtTime(v) },
              { title: t('conn.timeline.left'), dataIndex: 'leftAt', render: (v) => fmtTime(v) },
              { title: t('conn.clock'), dataIndex: 'workingDays', render: (v) => t('conn.workingDays', { n: v }) },
              { title: t('conn.customerTime'), dataIndex: 'customerMs', render: (v) => (v ? fmtDuration(v) : '—') },
            ]}
          />
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card size="small" title={t('conn.timeline.events')}>
          <Timeline
            data-testid="conn-timeline"
            items={d.events.map((e) => ({
              color: e.state === 'customer_wait' ? 'gray' : e.action.startsWith('done:') ? 'green' : 'blue',
              content: (
                <span>
                  {fmtTime(e.at)} ·{' '}
                  {e.action.startsWith('done:')
                    ? `${label('conn.stages', e.action.slice(5))} → ${label('conn.stages', e.state)}`
                    : e.action === 'customer_pause'
                      ? t('conn.actions.waitStart')
                      : e.action === 'customer_resume'
                        ? t('conn.actions.waitEnd')
                        : label('conn.stages', e.stage)}{' '}
                  · {e.actorName}
                  {e.note ? ` · ${e.note}` : ''}
                </span>
              ),
            }))}
          />
        </Card>
      </Col>
    </Row>
  );
}
