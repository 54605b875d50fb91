/** Portal: one application — each stage with its dates, missing documents, upload, the customer's disputes. */
import { Link, useParams } from 'react-router-dom';
import { Card, Descriptions, Skeleton, Space, Steps, Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { connections } from '../../api/connections';
import { LoadError } from '../../components/Problems';
import { label } from '../../components/labels';
import { fmtTime } from '../../components/time';
import { DocumentsPanel } from './DocumentsPanel';
import { PortalDisputes } from './PortalDisputes';
import { ContractCard } from './ContractCard';

export default function PortalConnectionPage() {
  const { id } = useParams();
  const aid = Number(id);
  const { t } = useTranslation();
  const q = useQuery({ queryKey: ['portal', 'connection', aid], queryFn: () => connections.portalDetail(aid), refetchInterval: 60_000 });
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
          <Space>
            <span className="gd-mono" data-testid="portal-conn-no">
              {a.appNo}
            </span>
            <Tag>{label('conn.kinds', a.kind)}</Tag>
            <Tag color="blue">{a.status === 'open' ? label('conn.stages', a.stage) : label('conn.statuses', a.status)}</Tag>
          </Space>
        }
        extra={<Link to="/portal/connections">{t('common.back')}</Link>}
      >
        <Steps
          orientation="vertical"
          size="small"
          current={a.status === 'archived' ? d.flow.length : d.flow.indexOf(a.stage)}
          data-testid="portal-conn-steps"
          items={d.flow.map((s) => {
            const span = d.stages.filter((x) => x.stage === s).at(-1);
            return {
              title: label('conn.stages', s),
              content: span ? `${fmtTime(span.enteredAt)}${span.leftAt ? ` → ${fmtTime(span.leftAt)}` : ''}` : undefined,
            };
          })}
        />
        <Descriptions size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label={t('conn.address')}>{a.address}</Descriptions.Item>
          <Descriptions.Item label={t('conn.requestedKva')}>{a.requestedKva}</Descriptions.Item>
          <Descriptions.Item label={t('conn.received')}>{fmtTime(a.receivedAt)}</Descriptions.Item>
          {a.customerWait && (
            <Descriptions.Item label={t('conn.status')}>
              {t('conn.paused')} · {label('conn.waitReasons', a.waitReason)}
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      <ContractCard appId={a.id} stage={a.stage} open={a.status === 'open'} portal />
      <DocumentsPanel d={d} portal />
      <PortalDisputes d={d} />
    </Space>
  );
}
