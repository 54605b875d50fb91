/** The crew's phone page: my crew's current outage and the steps (accept or decline, depart, arrive, restore), my orders, position reporting. */
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, App, Button, Card, Descriptions, Empty, List, Space, Switch, Tag, Typography } from 'antd';
import { AimOutlined, CarOutlined, CheckOutlined, CloseOutlined, EnvironmentOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { crews, outages, type Crew, type OutageAction, type OutageDetail } from '../../api/outages';
import { wo } from '../../api/workorders';
import { errorText } from '../../api/client';
import { useAuth } from '../../app/auth';
import { label } from '../../components/labels';
import { fmtTime } from '../../components/time';
import { SlaCountdown } from '../../components/wo/sla';
import { AcceptanceTag, OutageStateTag } from '../outages/OutageStateTag';
import OutageActionModal from '../outages/OutageActionModal';

const STEP: Record<string, { action: OutageAction; icon: React.ReactNode }> = {
  crew_assigned: { action: 'depart', icon: <CarOutlined /> },
  en_route: { action: 'arrive', icon: <EnvironmentOutlined /> },
  on_site: { action: 'restore', icon: <ThunderboltOutlined /> },
};

function usePositionReporter(crew: Crew | undefined, on: boolean) {
  const { t } = useTranslation();
  const [state, setState] = useState<{ at?: Date; error?: string }>({});
  const send = () => {
    if (!crew) return;
    if (!('geolocation' in navigator)) return setState({ error: t('crew.noGeo') });
    navigator.geolocation.getCurrentPosition(
      async (p) => {
        try {
          await crews.position(crew.id, p.coords.longitude, p.coords.latitude);
          setState({ at: new Date() });
        } catch (e) {
          setState({ error: errorText(e) });
        }
      },
      (err) => setState({ error: `${t('crew.noGeo')} (${err.message})` }),
      { enableHighAccuracy: true, timeout: 15_000 },
    );
  };
  useEffect(() => {
    if (!on || !crew) return;
    send();
    const h = setInterval(send, 120_000);
    return () => clearInterval(h);
  }, [on, crew?.id]); // eslint-disable-line react-hooks/exhaustive-deps
  return { ...state, send };
}

export default function CrewMobilePage() {
  const { t } = useTranslation();
  const { me, can } = useAuth();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [action, setAction] = useState<OutageAction | null>(null);
  const [reporting, setReporting] = useState(false);
  const list = useQuery({ queryKey: ['crews'], queryFn: crews.list, refetchInterval: 30_000 });
  const mine = list.data?.find((c) => c.members.some((m) => m.id === me?.id));
  const outage = useQuery({
    queryKey: ['outage', mine?.outage?.id],
    queryFn: () => outages.detail(mine!.outage!.id),
    enabled: !!mine?.outage,
    refetchInterval: 30_000,
  });
  const orders = useQuery({
    queryKey: ['queue', 'crew-mine'],
    queryFn: () => wo.queue({ assignee: 'me', limit: 20, offset: 0 }),
    enabled: can('workorders.read'),
  });
  const pos = usePositionReporter(mine, reporting);
  const o = outage.data;
  // a new assignment is answered first: accept, or decline with a reason; departing needs the acceptance
  const answering = o?.status === 'crew_assigned' && o.acceptance === 'awaiting';
  const step = o && !answering ? STEP[o.status] : undefined;

  if (list.isLoading) return <Card loading />;
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%', maxWidth: 640, margin: '0 auto', display: 'flex' }}>
      <Card
        size="small"
        title={mine ? mine.name : t('crew.noCrew')}
        extra={
          mine && <Tag color={mine.status === 'available' ? 'green' : mine.status === 'busy' ? 'orange' : 'default'}>{label('crew.statuses', mine.status)}</Tag>
        }
      >
        {mine ? (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Typography.Text type="secondary">
              {mine.orgName} · {mine.members.map((m) => m.name).join('、')}
            </Typography.Text>
            <Space wrap>
              <Switch checked={reporting} onChange={setReporting} data-testid="crew-reporting" /> <span>{t('crew.reportAuto')}</span>
              <Button size="small" icon={<AimOutlined />} onClick={pos.send}>
                {t('crew.reportNow')}
              </Button>
            </Space>
            {pos.at && (
              <Typography.Text type="success" style={{ fontSize: 12 }}>
                {t('crew.reported', { at: fmtTime(pos.at) })}
              </Typography.Text>
            )}
            {pos.error && (
              <Typography.Text type="danger" style={{ fontSize: 12 }}>
                {pos.error}
              </Typography.Text>
            )}
          </Space>
        ) : (
          <Typography.Text type="secondary">{t('crew.noCrewHint')}</Typography.Text>
        )}
      </Card>

      <Card size="small" title={t('crew.currentJob')} data-testid="crew-job">
        {!mine?.outage ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('crew.noJob')} />
        ) : !o ? (
          <Card loading bordered={false} />
        ) : (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Space wrap>
              <Link to={`/outages/${o.id}`} className="gd-mono" style={{ fontSize: 18 }}>
                {o.outageNo}
              </Link>
              <OutageStateTag status={o.status} />
              <AcceptanceTag acceptance={o.acceptance} overdue={o.acceptOverdue} />
            </Space>
            <Descriptions size="small" column={1}>
              <Descriptions.Item label={t('outage.device')}>
                {o.device.code} {o.device.name}
              </Descriptions.Item>
              <Descriptions.Item label={t('outage.customers')}>
                {o.customers.total}（{t('outage.stillOut')} {o.customers.stillOut}）
              </Descriptions.Item>
              <Descriptions.Item label={t('outage.etr')}>{fmtTime(o.etr)}</Descriptions.Item>
              {o.device.lon != null && (
                <Descriptions.Item label={t('customer.location')}>
                  <span className="gd-mono">
                    {Number(o.device.lon).toFixed(5)}, {Number(o.device.lat).toFixed(5)}
                  </span>
                </Descriptions.Item>
              )}
            </Descriptions>
            {answering && can('outages.field') && (
              <>
                <Alert type="warning" showIcon title={t('crew.acceptFirst')} />
                <Space.Compact block>
                  <Button
                    type="primary"
                    size="large"
                    icon={<CheckOutlined />}
                    onClick={() => setAction('accept')}
                    data-testid="crew-step-accept"
                    style={{ height: 56, fontSize: 18, width: '60%' }}
                  >
                    {label('outage.actions', 'accept')}
                  </Button>
                  <Button
                    danger
                    size="large"
                    icon={<CloseOutlined />}
                    onClick={() => setAction('decline')}
                    data-testid="crew-step-decline"
                    style={{ height: 56, fontSize: 18, width: '40%' }}
                  >
                    {label('outage.actions', 'decline')}
                  </Button>
                </Space.Compact>
              </>
            )}
            {step && can('outages.field') && (
              <Button
                type="primary"
                size="large"
                block
                icon={step.icon}
                onClick={() => setAction(step.action)}
                data-testid={`crew-step-${step.action}`}
                style={{ height: 56, fontSize: 18 }}
              >
                {label('outage.actions', step.action)}
              </Button>
            )}
            {o.status === 'restored' && <Alert type="success" showIcon title={t('crew.restoredWait')} />}
          </Space>
        )}
      </Card>

      <Card size="small" title={t('crew.myOrders')}>
        <List
          size="small"
          dataSource={orders.data?.items ?? []}
          locale={{ emptyText: t('common.none') }}
          renderItem={(w) => (
            <List.Item>
              <Space orientation="vertical" size={0}>
                <Space size={4} wrap>
                  <Link to={`/orders/${w.id}`} className="gd-mono">
                    {w.orderNo}
                  </Link>
                  <SlaCountdown clocks={w.clocks} slaState={w.slaState} />
                </Space>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {w.title}
                </Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      </Card>
      {action && o && (
        <OutageActionModal
          outage={o as OutageDetail}
          action={action}
          onClose={() => setAction(null)}
          onDone={(n) => {
            message.success(label('outage.actions', action));
            setAction(null);
            qc.setQueryData(['outage', n.id], n);
            void list.refetch();
          }}
        />
      )}
    </Space>
  );
}
