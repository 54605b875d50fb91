/** Customer portal: follow one request (status and steps) and rate the service once it is handled. */
import { useState } from 'react';
import { Link, useLocation, useParams } from 'react-router-dom';
import { Alert, App, Button, Card, Descriptions, Rate, Skeleton, Space, Steps, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { portal } from '../../api/workorders';
import { errorText } from '../../api/client';
import { LoadError } from '../../components/Problems';
import { label } from '../../components/labels';
import { fmtTime } from '../../components/time';
import { StateTag, TypeTag } from '../../components/wo/tags';
import { OrderLocationCard } from '../../components/wo/OrderLocation';

const PATH = ['accepted', 'dispatched', 'in_progress', 'handled', 'closed'];

export default function PortalOrderPage() {
  const { id } = useParams();
  const oid = Number(id);
  const { t } = useTranslation();
  const { message } = App.useApp();
  const loc = useLocation();
  const created = (loc.state as { created?: boolean } | null)?.created;
  const [score, setScore] = useState(0);
  const [rated, setRated] = useState(false);
  const [busy, setBusy] = useState(false);
  const q = useQuery({ queryKey: ['portal', 'order', oid], queryFn: () => portal.order(oid), refetchInterval: 60_000 });
  if (q.isLoading)
    return (
      <Card>
        <Skeleton active />
      </Card>
    );
  if (q.error || !q.data) return <LoadError error={q.error} onRetry={() => q.refetch()} />;
  const o = q.data.order;
  const step = Math.max(
    0,
    PATH.indexOf(
      o.status === 'callback'
        ? 'handled'
        : ['waiting_customer', 'waiting_parts', 'waiting_third_party', 'returned', 'suspended'].includes(o.status)
          ? 'in_progress'
          : o.status,
    ),
  );
  const canRate = ['handled', 'callback', 'closed'].includes(o.status) && !rated;

  async function rate() {
    setBusy(true);
    try {
      await portal.rate(o.id, score);
      setRated(true);
      message.success(t('portal.thanks'));
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      {created && <Alert type="success" showIcon title={t('portal.created', { no: o.orderNo })} data-testid="portal-created" />}
      <Card
        title={
          <Space>
            <span className="gd-mono" data-testid="portal-order-no">
              {o.orderNo}
            </span>
            <TypeTag type={o.orderType} subtype={o.subtype} />
            <StateTag state={o.status} />
          </Space>
        }
        extra={<Link to="/portal">{t('common.back')}</Link>}
      >
        <Steps current={step} size="small" style={{ marginBottom: 24 }} items={PATH.map((s) => ({ title: label('wo.states', s) }))} />
        <Descriptions size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label={t('wo.receivedAt')}>{fmtTime(o.receivedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('wo.address')}>{o.address ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('wo.description')}>
            <span style={{ whiteSpace: 'pre-wrap' }}>{o.description}</span>
          </Descriptions.Item>
          {o.result && <Descriptions.Item label={t('wo.result')}>{o.result}</Descriptions.Item>}
        </Descriptions>
      </Card>
      <OrderLocationCard location={o.location} height={260} />
      <Card title={t('wo.timeline')} size="small">
        <Steps
          orientation="vertical"
          size="small"
          current={q.data.timeline.length}
          items={q.data.timeline.map((e) => ({
            title: label('wo.actions', e.action),
            content: `${fmtTime(e.at)}${e.toState ? ` · ${label('wo.states', e.toState)}` : ''}`,
          }))}
        />
      </Card>
      {(canRate || rated) && (
        <Card title={t('portal.rate')} size="small">
          {rated ? (
            <Typography.Text type="success">{t('portal.thanks')}</Typography.Text>
          ) : (
            <Space wrap>
              <Rate value={score} onChange={setScore} data-testid="portal-rate" />
              <Button type="primary" disabled={!score} loading={busy} onClick={rate} data-testid="portal-rate-submit">
                {t('common.submit')}
              </Button>
            </Space>
          )}
        </Card>
      )}
    </Space>
  );
}
