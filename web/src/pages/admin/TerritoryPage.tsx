/**
 * The service territory (GET/PUT /api/territory): the area crew positions and order locations must
 * lie in. Shown over the network on a map; an administrator edits it as a longitude/latitude box or
 * fits it to the network with a margin. A polygon territory is shown and can be replaced by a box.
 */
import { Suspense, useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Card, Col, InputNumber, Row, Skeleton, Space, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Feature, FeatureCollection, Polygon } from 'geojson';
import type { LayerSpecification } from 'maplibre-gl';
import { ApiError, errorText } from '../../api/client';
import { call, http, type Reply } from '../../api/http';
import { useNetworkGeo } from '../../api/hooks';
import { useAuth } from '../../app/auth';
import { EMPTY, GeoMap, networkLayers } from '../../components/map';
import { LoadError } from '../../components/Problems';

type Territory = Reply<'/api/territory', 'get'>['territory'];
type Box = Extract<Territory, { kind: 'box' }>;

const TERRITORY_LAYERS: LayerSpecification[] = [
  { id: 'territory-fill', type: 'fill', source: 'territory', paint: { 'fill-color': '#1677ff', 'fill-opacity': 0.06 } },
  { id: 'territory-line', type: 'line', source: 'territory', paint: { 'line-color': '#1677ff', 'line-width': 2, 'line-dasharray': [2, 1] } },
];

function ringOf(t: Territory): [number, number][] {
  if (t.kind === 'polygon') return [...t.ring, t.ring[0]] as [number, number][];
  return [
    [t.minLon, t.minLat],
    [t.maxLon, t.minLat],
    [t.maxLon, t.maxLat],
    [t.minLon, t.maxLat],
    [t.minLon, t.minLat],
  ];
}

/** The bounding box of the network's points, widened by `margin` degrees on every side. */
function networkBox(net: FeatureCollection | undefined, margin: number): Box | null {
  const pts = (net?.features ?? []).flatMap((f) =>
    f.geometry.type === 'Point'
      ? [f.geometry.coordinates as [number, number]]
      : f.geometry.type === 'LineString'
        ? (f.geometry.coordinates as [number, number][])
        : [],
  );
  if (pts.length === 0) return null;
  const r = (x: number) => Math.round(x * 1e4) / 1e4;
  return {
    kind: 'box',
    minLon: r(Math.min(...pts.map((p) => p[0])) - margin),
    maxLon: r(Math.max(...pts.map((p) => p[0])) + margin),
    minLat: r(Math.min(...pts.map((p) => p[1])) - margin),
    maxLat: r(Math.max(...pts.map((p) => p[1])) + margin),
  };
}

export default function TerritoryPage() {
  const { t, i18n } = useTranslation();
  const { me, can } = useAuth();
  const { message } = App.useApp();
  const editable = can('territory.admin');
  const q = useQuery({ queryKey: ['territory'], queryFn: ({ signal }) => call(http.GET('/api/territory', { signal }), signal) });
  const net = useNetworkGeo();
  const [draft, setDraft] = useState<Territory | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (q.data) setDraft(q.data.territory);
  }, [q.data]);
  const outside = useMemo(() => {
    if (!draft || draft.kind !== 'box' || !net.data) return 0;
    return net.data.features.filter(
      (f) =>
        f.geometry.type === 'Point' &&
        (() => {
          const [lon, lat] = f.geometry.coordinates as [number, number];
          return lon < draft.minLon || lon > draft.maxLon || lat < draft.minLat || lat > draft.maxLat;
        })(),
    ).length;
  }, [draft, net.data]);
  if (q.error) return <LoadError error={q.error} onRetry={() => q.refetch()} />;
  if (!draft) return <Skeleton active />;
  const territoryGeo: FeatureCollection = {
    type: 'FeatureCollection',
    features: [{ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [ringOf(draft)] } } as Feature<Polygon>],
  };
  const dirty = JSON.stringify(draft) !== JSON.stringify(q.data?.territory);

  async function save() {
    if (!draft) return;
    setError(null);
    try {
      await call(http.PUT('/api/territory', { body: { territory: draft } }));
      message.success(t('common.saved'));
      void q.refetch();
    } catch (e) {
      const details = e instanceof ApiError ? (e.body.details ?? []).map((d) => (i18n.language.startsWith('en') ? d.messageEn : d.message)) : [];
      setError(details.length > 0 ? details.join(' · ') : errorText(e));
    }
  }
  const num = (k: 'minLon' | 'maxLon' | 'minLat' | 'maxLat', min: number, max: number) =>
    draft.kind === 'box' && (
      <InputNumber
        data-testid={`territory-${k}`}
        value={draft[k]}
        min={min}
        max={max}
        step={0.01}
        precision={4}
        disabled={!editable}
        addonBefore={t(`territory.${k}`)}
        onChange={(v) => v !== null && setDraft({ ...draft, [k]: v })}
      />
    );

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={9}>
        <Card title={t('territory.title')}>
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Typography.Paragraph type="secondary">{t('territory.hint')}</Typography.Paragraph>
            {draft.kind === 'polygon' ? (
              <Tag data-testid="territory-polygon">{t('territory.polygon', { n: draft.ring.length })}</Tag>
            ) : (
              <Space orientation="vertical">
                {num('minLon', -180, 180)}
                {num('maxLon', -180, 180)}
                {num('minLat', -90, 90)}
                {num('maxLat', -90, 90)}
              </Space>
            )}
            {outside > 0 && <Alert type="warning" showIcon data-testid="territory-outside" title={t('territory.outside', { n: outside })} />}
            {error && <Alert type="error" showIcon data-testid="territory-error" title={error} />}
            {editable && (
              <Space wrap>
                <Button
                  data-testid="territory-fit"
                  disabled={!net.data}
                  onClick={() => {
                    const b = networkBox(net.data, 0.05);
                    if (b) setDraft(b);
                  }}
                >
                  {t('territory.fit')}
                </Button>
                <Button type="primary" data-testid="territory-save" disabled={!dirty} onClick={save}>
                  {t('common.save')}
                </Button>
              </Space>
            )}
            {q.data && <Typography.Text type="secondary">{t('territory.updated', { at: new Date(q.data.updatedAt).toLocaleString() })}</Typography.Text>}
          </Space>
        </Card>
      </Col>
      <Col xs={24} xl={15}>
        <Card styles={{ body: { padding: 8 } }}>
          <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: 560 }} />}>
            {/* keyed by the saved territory, so the view fits it again after a save */}
            <GeoMap
              key={JSON.stringify(q.data?.territory)}
              sources={{ network: net.data ?? EMPTY, territory: territoryGeo }}
              layers={[...TERRITORY_LAYERS, ...networkLayers()]}
              fitSources={['territory']}
              height={560}
              tileUrl={me?.mapTileUrl}
              testId="territory-map"
            />
          </Suspense>
        </Card>
      </Col>
    </Row>
  );
}
