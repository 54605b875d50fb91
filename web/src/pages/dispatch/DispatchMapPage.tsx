/**
 * Dispatcher map: the network, active outages (size by customers out), trouble calls at their
 * transformers, open fault orders at the spot the customer reported (a line down the street is
 * often not at a service point), and crews at their last reported positions — all vector layers
 * from our own API.
 */
import { Suspense, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { Card, Checkbox, Col, List, Row, Skeleton, Space, Tag, Typography } from 'antd';
import { useQueries, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { MapGeoJSONFeature } from 'maplibre-gl';
import { outages, crews } from '../../api/outages';
import { wo } from '../../api/workorders';
import { useNetworkGeo } from '../../api/hooks';
import { useAuth } from '../../app/auth';
import { label } from '../../components/labels';
import { fmtTime } from '../../components/time';
import { collection, EMPTY, GeoMap, networkLayers, pointFeature, popupBody } from '../../components/map';
import { OutageStateTag } from '../outages/OutageStateTag';
import { dispatchLayers, type LayerKey } from './layers';

export default function DispatchMapPage() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const [shown, setShown] = useState<LayerKey[]>(['network', 'outages', 'calls', 'reported', 'crews']);
  const [selected, setSelected] = useState<{ kind: string; id: number } | null>(null);
  const geo = useNetworkGeo();
  const active = useQuery({
    queryKey: ['outages', 'active', 'map'],
    queryFn: () => outages.list({ status: 'active', limit: 200, offset: 0 }),
    refetchInterval: 20_000,
  });
  const reported = useQuery({
    queryKey: ['workorders', 'locations', 'reported'],
    queryFn: () => wo.locations({ source: 'reported', orderType: 'fault_repair', limit: 500 }),
    refetchInterval: 20_000,
  });
  const crewList = useQuery({ queryKey: ['crews'], queryFn: crews.list, refetchInterval: 20_000 });
  const details = useQueries({
    queries: (active.data ?? []).slice(0, 30).map((o) => ({ queryKey: ['outage', o.id], queryFn: () => outages.detail(o.id), staleTime: 20_000 })),
  });

  const deviceAt = useMemo(() => {
    const m = new Map<number, [number, number]>();
    for (const f of geo.data?.features ?? []) if (f.geometry.type === 'Point') m.set(Number(f.properties?.id), f.geometry.coordinates as [number, number]);
    return m;
  }, [geo.data]);

  const sources = useMemo(() => {
    const outs = (active.data ?? [])
      .filter((o) => o.device.lon != null)
      .map((o) =>
        pointFeature(Number(o.device.lon), Number(o.device.lat), {
          id: o.id,
          no: o.outageNo,
          status: o.status,
          affected: o.affectedCustomers,
          name: o.device.name,
          etr: o.etr ?? '',
        }),
      );
    const perTransformer = new Map<number, number>();
    for (const d of details)
      for (const c of d.data?.calls ?? []) if (c.transformerId) perTransformer.set(c.transformerId, (perTransformer.get(c.transformerId) ?? 0) + 1);
    const calls = [...perTransformer]
      .filter(([id]) => deviceAt.has(id))
      .map(([id, n]) => pointFeature(deviceAt.get(id)![0], deviceAt.get(id)![1], { transformerId: id, calls: n }));
    const crewPts = (crewList.data ?? [])
      .filter((c) => c.position)
      .map((c) => pointFeature(Number(c.position!.lon), Number(c.position!.lat), { id: c.id, name: c.name, status: c.status, at: c.position!.at ?? '' }));
    return {
      network: shown.includes('network') ? (geo.data ?? EMPTY) : EMPTY,
      outages: collection(outs),
      calls: collection(calls),
      reported: reported.data ?? EMPTY,
      crews: collection(crewPts),
    };
  }, [geo.data, active.data, crewList.data, details, deviceAt, shown, reported.data]);
  const layers = useMemo(
    () =>
      [...networkLayers(), ...dispatchLayers()].map((l) => ({
        ...l,
        layout: { ...('layout' in l ? l.layout : {}), visibility: visible(l.id, shown) },
      })) as never[],
    [shown],
  );

  const popup = (f: MapGeoJSONFeature) => {
    const p = f.properties;
    if (f.layer.id === 'outages')
      return popupBody(String(p.no), [
        [t('outage.device'), p.name],
        [t('outage.status'), label('outage.states', p.status)],
        [t('outage.affectedCol'), p.affected],
        [t('outage.etr'), p.etr ? fmtTime(p.etr) : ''],
      ]);
    if (f.layer.id === 'crews')
      return popupBody(String(p.name), [
        [t('wo.status'), label('crew.statuses', p.status)],
        [t('crew.positionAt'), p.at ? fmtTime(p.at) : ''],
      ]);
    if (f.layer.id === 'reported')
      return popupBody(String(p.orderNo), [
        [t('wo.status'), label('wo.states', p.status)],
        [t('wo.receivedAt'), p.receivedAt ? fmtTime(p.receivedAt) : ''],
        [t('wo.location.text'), p.text],
        [t('wo.address'), p.address],
      ]);
    if (f.layer.id === 'calls')
      return popupBody(t('outage.calls'), [
        [t('customer.transformer'), p.transformerId],
        [t('outage.calls'), p.calls],
      ]);
    return popupBody(`${p.code} ${p.name}`, [[t('network.kind'), label('network.kinds', p.kind)]]);
  };

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={17}>
        <Card
          styles={{ body: { padding: 8 } }}
          title={t('nav.dispatchMap')}
          extra={
            <Checkbox.Group
              value={shown}
              onChange={(v) => setShown(v as LayerKey[])}
              data-testid="layer-toggles"
              options={(['network', 'outages', 'calls', 'reported', 'crews'] as LayerKey[]).map((k) => ({ value: k, label: t(`outage.dispatchLayers.${k}`) }))}
            />
          }
        >
          <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: 640 }} />}>
            <GeoMap
              sources={sources}
              layers={layers}
              fitSources={['network']}
              height="calc(100vh - 190px)"
              tileUrl={me?.mapTileUrl}
              testId="dispatch-map"
              popup={popup}
              onFeatureClick={(f) => {
                if (f.layer.id === 'outages' || f.layer.id === 'crews') setSelected({ kind: f.layer.id, id: Number(f.properties.id) });
              }}
            />
            {reported.data?.truncated && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('outage.reportedTruncated', { n: reported.data.features.length })}
              </Typography.Text>
            )}
          </Suspense>
        </Card>
      </Col>
      <Col xs={24} xl={7}>
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          <Card size="small" title={`${t('outage.active')} (${active.data?.length ?? 0})`} extra={<Link to="/outages">{t('sup.viewAll')}</Link>}>
            <List
              size="small"
              dataSource={active.data ?? []}
              locale={{ emptyText: t('common.none') }}
              style={{ maxHeight: 360, overflow: 'auto' }}
              renderItem={(o) => (
                <List.Item style={{ background: selected?.kind === 'outages' && selected.id === o.id ? '#fff1f0' : undefined }}>
                  <Space orientation="vertical" size={0}>
                    <Space size={4} wrap>
                      <Link to={`/outages/${o.id}`} className="gd-mono">
                        {o.outageNo}
                      </Link>
                      <OutageStateTag status={o.status} />
                    </Space>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {o.device.name} · {t('outage.affected', { n: o.affectedCustomers })} · {o.crew?.name ?? t('outage.unassigned')}
                    </Typography.Text>
                  </Space>
                </List.Item>
              )}
            />
          </Card>
          <Card size="small" title={t('crew.title')}>
            <List
              size="small"
              dataSource={crewList.data ?? []}
              style={{ maxHeight: 300, overflow: 'auto' }}
              renderItem={(c) => (
                <List.Item style={{ background: selected?.kind === 'crews' && selected.id === c.id ? '#e6f4ff' : undefined }}>
                  <Space orientation="vertical" size={0}>
                    <Space size={4}>
                      <b>{c.name}</b>
                      <Tag color={c.status === 'available' ? 'green' : c.status === 'busy' ? 'orange' : 'default'}>{label('crew.statuses', c.status)}</Tag>
                    </Space>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {c.orgName}
                      {c.outage ? ` · ${c.outage.outageNo}` : ''}
                    </Typography.Text>
                  </Space>
                </List.Item>
              )}
            />
          </Card>
        </Space>
      </Col>
    </Row>
  );
}

function visible(id: string, shown: LayerKey[]): 'visible' | 'none' {
  const key: LayerKey = id.startsWith('net') ? 'network' : (id as LayerKey);
  return shown.includes(key) ? 'visible' : 'none';
}
