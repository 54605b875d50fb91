/** Portal: apply for supply online and follow each application's stage. */
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Button, Card, Empty, List, Space, Steps, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { connections } from '../../api/connections';
import { LoadError } from '../../components/Problems';
import { label } from '../../components/labels';
import { fmtTime } from '../../components/time';
import { pick } from '../../i18n';
import { ApplicationForm } from './ApplicationForm';

export default function PortalConnectionsPage() {
  const { t } = useTranslation();
  const nav = useNavigate();
  const [applying, setApplying] = useState(false);
  const q = useQuery({ queryKey: ['portal', 'connections'], queryFn: () => connections.portalList(), refetchInterval: 60_000 });
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={t('conn.portalTitle')}
        extra={
          <Button type="primary" onClick={() => setApplying((x) => !x)} data-testid="portal-conn-apply">
            {t('conn.portalApply')}
          </Button>
        }
      >
        {applying && (
          <ApplicationForm
            portal
            onSubmit={async (body) => {
              const r = await connections.portalCreate(body);
              nav(`/portal/connections/${r.id}`);
            }}
          />
        )}
        {q.error ? (
          <LoadError error={q.error} onRetry={() => q.refetch()} />
        ) : (
          !applying &&
          ((q.data?.items.length ?? 0) === 0 ? (
            <Empty />
          ) : (
            <List
              data-testid="portal-conn-list"
              dataSource={q.data?.items ?? []}
              renderItem={(a) => (
                <List.Item>
                  <Space orientation="vertical" style={{ width: '100%' }}>
                    <Space wrap>
                      <Link className="gd-mono" to={`/portal/connections/${a.id}`}>
                        {a.appNo}
                      </Link>
                      <Tag>{label('conn.kinds', a.kind)}</Tag>
                      <Tag color={a.status === 'open' ? 'blue' : 'default'}>
                        {a.status === 'open' ? label('conn.stages', a.stage) : label('conn.statuses', a.status)}
                      </Tag>
                      {a.customerWait && <Tag>{t('conn.paused')}</Tag>}
                      <Typography.Text type="secondary">{fmtTime(a.receivedAt)}</Typography.Text>
                    </Space>
                    <Steps
                      size="small"
                      current={a.status === 'archived' ? a.flow.length : a.flow.indexOf(a.stage)}
                      items={a.flow.map((s) => ({ title: label('conn.stages', s) }))}
                    />
                    {a.missing.length > 0 && (
                      <Space wrap>
                        <Typography.Text type="warning">
                          {t('conn.missing')}
                          {t('conn.colon')}
                        </Typography.Text>
                        {a.missing.map((m) => (
                          <Tag key={m.kind} color="volcano">
                            {pick(m)}
                          </Tag>
                        ))}
                      </Space>
                    )}
                  </Space>
                </List.Item>
              )}
            />
          ))
        )}
      </Card>
    </Space>
  );
}
