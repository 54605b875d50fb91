/** One outage: scope, customers out, calls, crew, the steps its state allows, its history. */
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Alert, App, Button, Card, Col, Descriptions, Row, Skeleton, Space, Statistic, Table, Tabs, Tag, Timeline, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { outages, type OutageAction, type OutageDetail } from '../../api/outages';
import { useAuth } from '../../app/auth';
import { LoadError } from '../../components/Problems';
import { label } from '../../components/labels';
import { fmtTime, fmtTimeSec } from '../../components/time';
import { useOrgName } from '../../components/useOrgName';
import { AcceptanceTag, OutageStateTag } from './OutageStateTag';
import OutageActionModal from './OutageActionModal';
import RegroupModal from './RegroupModal';
import i18n from '../../i18n';
import { OUTAGE_ACTIONS } from './outageActions';

export default function OutageDetailPage() {
  const { id } = useParams();
  const oid = Number(id);
  const { t } = useTranslation();
  const { can } = useAuth();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const orgName = useOrgName();
  const [action, setAction] = useState<OutageAction | null>(null);
  const [regroup, setRegroup] = useState<'move' | 'split' | null>(null);
  const q = useQuery({ queryKey: ['outage', oid], queryFn: () => outages.detail(oid), enabled: Number.isInteger(oid), refetchInterval: 30_000 });
  if (q.isLoading)
    return (
      <Card>
        <Skeleton active />
      </Card>
    );
  if (q.error || !q.data) return <LoadError error={q.error} onRetry={() => q.refetch()} />;
  const o = q.data;
  // accept / decline are the crew's own answer, given on its phone page
  const actions = OUTAGE_ACTIONS.filter((a) => a.from.includes(o.status) && can(a.perm) && !a.crewOnly && (!a.acceptance || a.acceptance === o.acceptance));
  const done = (n: OutageDetail) => {
    message.success(label('outage.actions', action ?? ''));
    setAction(null);
    qc.setQueryData(['outage', oid], n);
    void qc.invalidateQueries({ queryKey: ['outages'] });
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <div className="gd-page-title">
          <Typography.Title level={3} className="gd-mono" data-testid="outage-no">
            {o.outageNo}
          </Typography.Title>
          <OutageStateTag status={o.status} />
          <AcceptanceTag acceptance={o.acceptance} overdue={o.acceptOverdue} declined={o.declined} />
          <Tag>{label('outage.kinds', o.kind)}</Tag>
          {o.repeatFault && <Tag color="red">{t('outage.repeat')}</Tag>}
          <div style={{ flex: 1 }} />
          <Space wrap>
            {actions.map((a, i) => (
              <Button
                key={a.action}
                type={i === 0 ? 'primary' : 'default'}
                danger={a.danger}
                onClick={() => setAction(a.action)}
                data-testid={`outage-action-${a.action}`}
              >
                {label('outage.actions', a.action)}
              </Button>
            ))}
            {o.kind === 'fault' && ['predicted', 'confirmed', 'crew_assigned', 'en_route', 'on_site'].includes(o.status) && can('outages.write') && (
              <>
                <Button onClick={() => setRegroup('move')}>{label('outage.actions', 'move')}</Button>
                {o.device.kind !== 'transformer' && <Button onClick={() => setRegroup('split')}>{label('outage.actions', 'split')}</Button>}
              </>
            )}
          </Space>
        </div>
        <Row gutter={[16, 16]}>
          <Col xs={12} md={6}>
            <Statistic title={t('outage.customers')} value={o.customers.total} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={t('outage.stillOut')} value={o.customers.stillOut} valueStyle={{ color: o.customers.stillOut ? '#cf1322' : undefined }} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={t('outage.important')} value={o.customers.important} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={t('outage.customerMinutes')} value={Math.round(o.customers.customerMinutes)} />
          </Col>
        </Row>
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} style={{ marginTop: 16 }}>
          <Descriptions.Item label={t('outage.device')}>
            <Tag>{label('network.kinds', o.device.kind)}</Tag>
            {o.device.code} {o.device.name}
          </Descriptions.Item>
          <Descriptions.Item label={t('wo.org')}>{orgName(o.orgUnitId)}</Descriptions.Item>
          <Descriptions.Item label={t('outage.etr')}>
            <b>{fmtTime(o.etr)}</b>
          </Descriptions.Item>
          <Descriptions.Item label={t('outage.startedAt')}>{fmtTime(o.startedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('outage.confirmedAt')}>{fmtTime(o.confirmedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('outage.crew')}>{o.crew?.name ?? '—'}</Descriptions.Item>
          {o.acceptance === 'awaiting' && (
            <Descriptions.Item label={t('outage.acceptDueAt')}>
              <Typography.Text type={o.acceptOverdue ? 'danger' : undefined}>{fmtTime(o.acceptDueAt)}</Typography.Text>
            </Descriptions.Item>
          )}
          {o.acceptedAt && (
            <Descriptions.Item label={t('outage.acceptedBy')}>
              {o.acceptedBy ?? '—'} · {fmtTime(o.acceptedAt)}
            </Descriptions.Item>
          )}
          <Descriptions.Item label={t('outage.arrivedAt')}>{fmtTime(o.arrivedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('outage.restoredAt')}>{fmtTime(o.restoredAt)}</Descriptions.Item>
          {o.restorationConfirmedAt && (
            <Descriptions.Item label={t('outage.source')}>
              {t(`outage.sources.${o.restorationSource}`, { defaultValue: o.restorationSource ?? '' })} · {fmtTime(o.restorationConfirmedAt)}
            </Descriptions.Item>
          )}
          {o.causeClass && (
            <Descriptions.Item label={t('outage.cause')}>
              {label('outage.causes', o.causeClass)}
              {o.customerSide ? ` · ${t('outage.customerSide')}` : ''}
              {o.causeNote ? ` · ${o.causeNote}` : ''}
            </Descriptions.Item>
          )}
          {o.closedAt && <Descriptions.Item label={t('outage.closedAt')}>{fmtTime(o.closedAt)}</Descriptions.Item>}
          {o.mergedIntoId && (
            <Descriptions.Item label={t('wo.mergedInto')}>
              <Link to={`/outages/${o.mergedIntoId}`}>#{o.mergedIntoId}</Link>
            </Descriptions.Item>
          )}
        </Descriptions>
        {o.declined && o.lastDecline && (
          <Alert
            type="warning"
            showIcon
            style={{ marginTop: 8 }}
            data-testid="outage-declined"
            title={t('outage.declinedBy', { crew: o.lastDecline.crewName, by: o.lastDecline.by, at: fmtTime(o.lastDecline.at), reason: o.lastDecline.reason })}
          />
        )}
        {o.qualityIssues.length > 0 && (
          <div style={{ marginTop: 8 }}>
            <Typography.Text strong>{t('outage.qualityIssues')}: </Typography.Text>
            {(o.qualityIssues as { field?: string; zh?: string; en?: string }[]).map((qi, i) => (
              <Tag key={i} color="orange">
                {pickIssue(qi)}
              </Tag>
            ))}
          </div>
        )}
      </Card>
      <Card>
        <Tabs
          items={[
            {
              key: 'timeline',
              label: t('outage.timeline'),
              children: (
                <Timeline
                  data-testid="outage-timeline"
                  items={o.timeline.map((e) => ({
                    content: (
                      <div>
                        <b>{label('outage.events', e.action)}</b>
                        {e.toStatus && e.toStatus !== e.fromStatus && (
                          <Typography.Text type="secondary">
                            {' '}
                            · {label('outage.states', e.fromStatus ?? '')} → {label('outage.states', e.toStatus)}
                          </Typography.Text>
                        )}
                        {typeof (e.data as { reason?: unknown } | null)?.reason === 'string' && (
                          <Typography.Text>
                            {' '}
                            · {t('outage.declineReason')}：{(e.data as { reason: string }).reason}
                          </Typography.Text>
                        )}
                        <br />
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {fmtTimeSec(e.at)} · {e.actor ?? ''}
                        </Typography.Text>
                      </div>
                    ),
                  }))}
                />
              ),
            },
            {
              key: 'calls',
              label: `${t('outage.calls')} (${o.calls.length})`,
              children: (
                <Table
                  rowKey="id"
                  size="small"
                  dataSource={o.calls}
                  pagination={{ pageSize: 20 }}
                  columns={[
                    { title: t('notify.at'), dataIndex: 'receivedAt', render: fmtTime },
                    { title: t('wo.status'), dataIndex: 'status', render: (v) => label('outage.callStatuses', v) },
                    { title: t('outage.order'), dataIndex: 'orderId', render: (v) => (v ? <Link to={`/orders/${v}`}>#{v}</Link> : '—') },
                    { title: t('customer.servicePoints'), dataIndex: 'servicePointId' },
                  ]}
                />
              ),
            },
            {
              key: 'partial',
              label: t('outage.partial'),
              children: (
                <Table
                  rowKey="deviceId"
                  size="small"
                  dataSource={o.partialRestorations}
                  pagination={false}
                  columns={[
                    { title: t('outage.device'), dataIndex: 'deviceId' },
                    { title: t('outage.restoredAt'), dataIndex: 'restoredAt', render: fmtTime },
                  ]}
                />
              ),
            },
          ]}
        />
      </Card>
      {regroup && (
        <RegroupModal
          outage={o}
          mode={regroup}
          onClose={() => setRegroup(null)}
          onDone={() => {
            setRegroup(null);
            void q.refetch();
            void qc.invalidateQueries({ queryKey: ['outages'] });
          }}
        />
      )}
      {action && <OutageActionModal outage={o} action={action} onClose={() => setAction(null)} onDone={done} />}
    </Space>
  );
}

function pickIssue(qi: { zh?: string; en?: string; rule?: string }): string {
  return (i18n.language.startsWith('en') ? qi.en : qi.zh) ?? qi.zh ?? qi.rule ?? '';
}
