/** Supervisor board (监察): breaches, warnings, open complaints, returned orders, termination requests, major/urgent — each a live queue slice. */
import { Link } from 'react-router-dom';
import { Badge, Card, Col, List, Row, Space, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { wo, type QueueQuery } from '../../api/workorders';

type Filter = Omit<QueueQuery, 'limit' | 'offset'>;
import { errorText } from '../../api/client';
import { SlaCountdown } from '../../components/wo/sla';
import { StateTag, TypeTag } from '../../components/wo/tags';
import { useOrgName } from '../../components/useOrgName';
// benchmarking scorecards (同业对标): the board's tile
import { lazy, Suspense } from 'react';
import { useAuth } from '../../app/auth';
const BoardTile = lazy(() => import('../scorecards/BoardTile'));

const PANELS: { key: string; title: string; q: Filter; color: string }[] = [
  { key: 'breached', title: 'sup.breached', q: { slaState: 'breached' }, color: '#f5222d' },
  { key: 'warning', title: 'sup.warning', q: { slaState: 'warning' }, color: '#fa8c16' },
  { key: 'complaints', title: 'sup.complaints', q: { orderType: 'complaint' }, color: '#cf1322' },
  { key: 'termination', title: 'sup.termination', q: { status: ['termination_requested'] }, color: '#722ed1' },
  { key: 'returned', title: 'sup.returned', q: { status: ['returned'] }, color: '#eb2f96' },
  { key: 'major', title: 'sup.major', q: { urgency: 'major' }, color: '#d4380d' },
];

function Panel({ title, q, color }: { title: string; q: Filter; color: string }) {
  const { t } = useTranslation();
  const orgName = useOrgName();
  const res = useQuery({ queryKey: ['queue', 'sup', q], queryFn: () => wo.queue({ ...q, limit: 10, offset: 0, sort: 'due' }), refetchInterval: 60_000 });
  const items = res.data?.items ?? [];
  const link = `/orders?${new URLSearchParams(Object.entries(q).map(([k, v]) => [k, String(v)])).toString()}`;
  return (
    <Card
      size="small"
      loading={res.isLoading}
      data-testid={`sup-${title}`}
      title={
        <Space>
          <Badge color={color} />
          <span>{t(title)}</span>
          <Typography.Text type="secondary">
            {items.length}
            {res.data?.hasMore ? '+' : ''}
          </Typography.Text>
        </Space>
      }
      extra={<Link to={link}>{t('sup.viewAll')}</Link>}
    >
      {res.error ? (
        <Typography.Text type="danger">{errorText(res.error)}</Typography.Text>
      ) : (
        <List
          size="small"
          dataSource={items}
          locale={{ emptyText: t('common.none') }}
          renderItem={(o) => (
            <List.Item>
              <Space orientation="vertical" size={0} style={{ width: '100%' }}>
                <Space size={4} wrap>
                  <Link to={`/orders/${o.id}`} className="gd-mono">
                    {o.orderNo}
                  </Link>
                  <TypeTag type={o.orderType} subtype={o.subtype} />
                  <StateTag state={o.status} />
                  <SlaCountdown clocks={o.clocks} slaState={o.slaState} />
                </Space>
                <Typography.Text type="secondary" ellipsis style={{ fontSize: 12 }}>
                  {orgName(o.orgUnitId)} · {o.title}
                </Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

export default function SupervisorPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  return (
    <div>
      <div className="gd-page-title">
        <Typography.Title level={3}>{t('sup.title')}</Typography.Title>
      </div>
      <Row gutter={[16, 16]}>
        {PANELS.map((p) => (
          <Col key={p.key} xs={24} md={12} xxl={8}>
            <Panel title={p.title} q={p.q} color={p.color} />
          </Col>
        ))}
        {can('scorecards.read') && (
          <Col xs={24} md={12} xxl={8}>
            <Suspense fallback={null}>
              <BoardTile />
            </Suspense>
          </Col>
        )}
      </Row>
    </div>
  );
}
