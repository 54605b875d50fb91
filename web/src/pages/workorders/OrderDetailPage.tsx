/** One work order: what was asked, its clocks, the actions the state allows, and its whole history. */
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { App, Button, Card, Col, Descriptions, Row, Skeleton, Space, Tabs, Tag, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { wo, type Order } from '../../api/workorders';
import { useAuth } from '../../app/auth';
import { LoadError } from '../../components/Problems';
import { label } from '../../components/labels';
import { fmtTime } from '../../components/time';
import { useOrgName } from '../../components/useOrgName';
import { ClockList, SlaCountdown } from '../../components/wo/sla';
import { StateTag, TypeTag, UrgencyTag } from '../../components/wo/tags';
import { OrderLocationCard } from '../../components/wo/OrderLocation';
import ActionModal from './ActionModal';
import { ACTION_FIELDS, actionPermission } from './actions';
import Timeline from './detail/Timeline';
import { CallbacksTab, DeliveriesTab, LinksTab, SlaEventsTab } from './detail/Tabs';
import NoteBox from './detail/NoteBox';
import OrderCall from './detail/OrderCall';
import LinkMergeButtons from './detail/LinkMergeButtons';
import MatchCustomer from './detail/MatchCustomer';
import EndOfCallCard from '../satisfaction/EndOfCallCard';

export default function OrderDetailPage() {
  const { id } = useParams();
  const oid = Number(id);
  const { t } = useTranslation();
  const { can } = useAuth();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const orgName = useOrgName();
  const [action, setAction] = useState<string | null>(null);
  const q = useQuery({ queryKey: ['order', oid], queryFn: () => wo.detail(oid), enabled: Number.isInteger(oid), refetchInterval: 60_000 });

  if (q.isLoading)
    return (
      <Card>
        <Skeleton active />
      </Card>
    );
  if (q.error || !q.data) return <LoadError error={q.error} onRetry={() => q.refetch()} />;
  const { order: o, customer } = q.data;
  const actions = o.allowedActions.filter(
    (a) => a !== 'merge' && ACTION_FIELDS[a] && can(actionPermission(a)) && (a !== 'close_on_spot' || o.orderType === 'consultation'),
  );
  const refresh = () => {
    void q.refetch();
    void qc.invalidateQueries({ queryKey: ['queue'] });
  };
  const done = (n: Order) => {
    message.success(t('wo.actionDone', { action: label('wo.actions', action ?? '') }));
    setAction(null);
    qc.setQueryData(['order', oid], { ...q.data, order: n });
    refresh();
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <div className="gd-page-title">
          <Typography.Title level={3} className="gd-mono" data-testid="order-no">
            {o.orderNo}
          </Typography.Title>
          <TypeTag type={o.orderType} subtype={o.subtype} />
          <UrgencyTag urgency={o.urgency} />
          {o.important && <Tag color="red">{t('wo.important')}</Tag>}
          <StateTag state={o.status} />
          <SlaCountdown clocks={o.clocks} slaState={o.slaState} />
        </div>
        <Typography.Title level={5} style={{ marginTop: 0 }}>
          {o.title}
        </Typography.Title>
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{o.description}</Typography.Paragraph>
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
          <Descriptions.Item label={t('wo.channel')}>{label('wo.channels', o.channel)}</Descriptions.Item>
          <Descriptions.Item label={t('wo.receivedAt')}>{fmtTime(o.receivedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('wo.org')}>{orgName(o.orgUnitId)}</Descriptions.Item>
          <Descriptions.Item label={t('wo.caller')}>{[o.callerName, o.callerPhone].filter(Boolean).join(' ') || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('wo.customer')}>
            {o.customerId ? (
              <Link to={`/customers/${o.customerId}`} title={t('customer.view360')}>
                {customer ? `${customer.name}${customer.accountNo ? ` · ${customer.accountNo}` : ''}` : `${t('customer.view360')} #${o.customerId}`}
              </Link>
            ) : (
              <Space size={4}>
                <Tag>{t('wo.anonymous')}</Tag>
                {can('workorders.handle') && can('customers.read') && <MatchCustomer order={o} onDone={refresh} />}
              </Space>
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('wo.address')}>{o.address ?? '—'}</Descriptions.Item>
          {o.result && <Descriptions.Item label={t('wo.result')}>{o.result}</Descriptions.Item>}
          {o.cause && <Descriptions.Item label={t('wo.cause')}>{o.cause}</Descriptions.Item>}
          {o.satisfaction && <Descriptions.Item label={t('wo.satisfaction')}>{label('wo.callbackResults', o.satisfaction)}</Descriptions.Item>}
          {o.mergedIntoId && (
            <Descriptions.Item label={t('wo.mergedInto')}>
              <Link to={`/orders/${o.mergedIntoId}`}>#{o.mergedIntoId}</Link>
            </Descriptions.Item>
          )}
          {o.kbArticleId && (
            <Descriptions.Item label={t('wo.kbArticle')}>
              <Link to={`/knowledge?article=${o.kbArticleId}`}>#{o.kbArticleId}</Link>
            </Descriptions.Item>
          )}
          {o.ctiCallId && (
            <Descriptions.Item label={t('wo.ctiCall.label')}>
              <OrderCall ctiCallId={o.ctiCallId} receivedAt={o.receivedAt} />
            </Descriptions.Item>
          )}
          {o.reopenCount > 0 && <Descriptions.Item label={t('wo.reopenCount')}>{o.reopenCount}</Descriptions.Item>}
        </Descriptions>
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={{ span: 24, order: 2 }} lg={{ span: 16, order: 1 }}>
          <Card>
            <Tabs
              items={[
                {
                  key: 'timeline',
                  label: t('wo.timeline'),
                  children: (
                    <>
                      <Timeline entries={q.data.timeline} />
                      {can('workorders.handle') && <NoteBox orderId={o.id} onAdded={refresh} />}
                    </>
                  ),
                },
                { key: 'links', label: `${t('wo.links')} (${q.data.links.length})`, children: <LinksTab links={q.data.links} /> },
                { key: 'callbacks', label: `${t('wo.callbacks')} (${q.data.callbacks.length})`, children: <CallbacksTab items={q.data.callbacks} /> },
                { key: 'deliveries', label: `${t('wo.deliveries')} (${q.data.deliveries.length})`, children: <DeliveriesTab items={q.data.deliveries} /> },
                { key: 'sla', label: t('wo.slaEvents'), children: <SlaEventsTab items={q.data.slaEvents} /> },
              ]}
            />
          </Card>
        </Col>
        <Col xs={{ span: 24, order: 1 }} lg={{ span: 8, order: 2 }}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Card title={t('wo.allowedActions')} size="small">
              {actions.length === 0 && <Typography.Text type="secondary">{t('wo.noActions')}</Typography.Text>}
              <Space wrap>
                {actions.map((a) => (
                  <Button
                    key={a}
                    type={a === actions[0] ? 'primary' : 'default'}
                    danger={ACTION_FIELDS[a]?.danger}
                    onClick={() => setAction(a)}
                    data-testid={`action-${a}`}
                  >
                    {label('wo.actions', a)}
                  </Button>
                ))}
              </Space>
              {can('workorders.handle') && <LinkMergeButtons order={o} onDone={refresh} />}
            </Card>
            {can('workorders.callback') && <EndOfCallCard orderId={o.id} />}
            <OrderLocationCard location={o.location} />
            <Card
              title={t('wo.clocksTitle')}
              size="small"
              extra={
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('wo.policy')}: {o.policySet}
                </Typography.Text>
              }
            >
              <ClockList clocks={o.clocks} />
            </Card>
          </Space>
        </Col>
      </Row>
      {action && <ActionModal order={o} action={action} onClose={() => setAction(null)} onDone={done} />}
    </Space>
  );
}
