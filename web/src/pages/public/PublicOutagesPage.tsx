/** Public outage page (no login): current fault outages with ETR and upcoming planned outages, on a map and in lists. */
import { Suspense, useMemo } from 'react';
import { Link } from 'react-router-dom';
import { Card, Col, Layout, List, Row, Skeleton, Space, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { outages } from '../../api/outages';
import { LoadError } from '../../components/Problems';
import { label } from '../../components/labels';
import { fmtTime } from '../../components/time';
import LangSwitch from '../../components/LangSwitch';
import Logo from '../../components/Logo';
import { collection, GeoMap, pointFeature, popupBody } from '../../components/map';

export default function PublicOutagesPage() {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: ['public-outages'], queryFn: outages.public, refetchInterval: 60_000 });
  const points = useMemo(
    () =>
      collection(
        (q.data?.current ?? [])
          .filter((o) => o.lon != null)
          .map((o) => pointFeature(Number(o.lon), Number(o.lat), { no: o.outageNo, area: o.area, etr: o.etr ?? '', n: o.affectedCustomers })),
      ),
    [q.data],
  );
  const layers = useMemo(
    () => [
      {
        id: 'public-outages',
        type: 'circle' as const,
        source: 'out',
        paint: { 'circle-color': '#f5222d', 'circle-opacity': 0.5, 'circle-radius': 14, 'circle-stroke-color': '#a8071a', 'circle-stroke-width': 2 },
      },
    ],
    [],
  );
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ background: '#fff', display: 'flex', alignItems: 'center', padding: '0 12px', borderBottom: '1px solid #f0f0f0' }}>
        <Logo />
        <div style={{ flex: 1 }} />
        <LangSwitch />
        <Link to="/login">{t('auth.login')}</Link>
      </Layout.Header>
      <Layout.Content style={{ padding: 12, maxWidth: 1280, width: '100%', margin: '0 auto' }}>
        <Typography.Title level={3}>{t('portal.publicTitle')}</Typography.Title>
        {q.error ? (
          <LoadError error={q.error} onRetry={() => q.refetch()} />
        ) : (
          <Row gutter={[16, 16]}>
            <Col xs={24} lg={14}>
              <Card size="small" styles={{ body: { padding: 8 } }}>
                <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: 420 }} />}>
                  <GeoMap
                    sources={{ out: points }}
                    layers={layers}
                    fitSources={['out']}
                    height={420}
                    testId="public-map"
                    popup={(f) =>
                      popupBody(String(f.properties.area), [
                        [t('outage.outageNo'), f.properties.no],
                        [t('outage.etr'), f.properties.etr ? fmtTime(f.properties.etr) : '—'],
                        [t('outage.affectedCol'), f.properties.n],
                      ])
                    }
                  />
                </Suspense>
              </Card>
            </Col>
            <Col xs={24} lg={10}>
              <Space orientation="vertical" size={12} style={{ width: '100%' }}>
                <Card size="small" title={`${t('portal.currentOutages')} (${q.data?.current.length ?? 0})`} loading={q.isLoading}>
                  <List
                    size="small"
                    dataSource={q.data?.current ?? []}
                    locale={{ emptyText: t('portal.noOutages') }}
                    data-testid="public-current"
                    renderItem={(o) => (
                      <List.Item>
                        <Space orientation="vertical" size={0}>
                          <Space size={4} wrap>
                            <b>{o.area}</b>
                            <Tag color="red">{label('outage.states', o.status)}</Tag>
                          </Space>
                          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                            {o.org} · {t('outage.startedAt')} {fmtTime(o.startedAt)} · {t('outage.etr')} {fmtTime(o.etr)} ·{' '}
                            {t('outage.affected', { n: o.affectedCustomers })}
                          </Typography.Text>
                        </Space>
                      </List.Item>
                    )}
                  />
                </Card>
                <Card size="small" title={`${t('portal.plannedOutages')} (${q.data?.planned.length ?? 0})`} loading={q.isLoading}>
                  <List
                    size="small"
                    dataSource={q.data?.planned ?? []}
                    locale={{ emptyText: t('portal.noOutages') }}
                    data-testid="public-planned"
                    renderItem={(p) => (
                      <List.Item>
                        <Space orientation="vertical" size={0}>
                          <Space size={4} wrap>
                            <b>{p.area}</b>
                            <Tag color="blue">{label('outage.kinds', p.kind)}</Tag>
                          </Space>
                          <Typography.Text>
                            {fmtTime(p.startsAt)} – {fmtTime(p.endsAt)}
                          </Typography.Text>
                          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                            {p.org} · {p.reason} · {t('outage.affected', { n: p.affectedCustomers })}
                          </Typography.Text>
                        </Space>
                      </List.Item>
                    )}
                  />
                </Card>
              </Space>
            </Col>
          </Row>
        )}
      </Layout.Content>
    </Layout>
  );
}
