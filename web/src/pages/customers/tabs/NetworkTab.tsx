/** Where each service point hangs on the network (substation → feeder → transformer), with a map. */
import { Suspense, useMemo } from 'react';
import { Alert, Card, Col, Row, Skeleton, Steps, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Customer360, DeviceRef } from '../../../api/types';
import { useAuth } from '../../../app/auth';
import { useNetworkGeo } from '../../../api/hooks';
import DownstreamButton from '../../../components/DownstreamButton';
import { collection, EMPTY, GeoMap, KIND_COLORS, networkLayers, pointFeature, popupBody } from '../../../components/map';

function DeviceStep({ d }: { d?: DeviceRef | null }) {
  if (!d) return <span>—</span>;
  return (
    <span>
      <span className="gd-mono">{d.code}</span> {d.name}
      <br />
      <DownstreamButton deviceId={d.id} name={d.name} />
    </span>
  );
}

export default function NetworkTab({ data }: { data: Customer360 }) {
  const { t } = useTranslation();
  const { me } = useAuth();
  const geo = useNetworkGeo();
  const pts = useMemo(
    () =>
      collection(
        data.servicePoints
          .filter((s) => s.lon != null && s.lat != null)
          .map((s) => pointFeature(Number(s.lon), Number(s.lat), { id: s.id, address: s.address, transformer: s.transformer?.code ?? '' })),
      ),
    [data],
  );
  const layers = useMemo(
    () => [
      ...networkLayers(),
      {
        id: 'sp',
        type: 'circle' as const,
        source: 'sp',
        paint: { 'circle-color': KIND_COLORS.service_point, 'circle-radius': 8, 'circle-stroke-color': '#fff', 'circle-stroke-width': 2 },
      },
    ],
    [],
  );
  const sources = useMemo(() => ({ network: geo.data ?? EMPTY, sp: pts }), [geo.data, pts]);

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={12}>
        {data.servicePoints.map((sp) => (
          <Card key={sp.id} size="small" title={sp.address} style={{ marginBottom: 12 }}>
            {!sp.transformer && <Alert type="warning" showIcon title={t('customer.notOnNetwork')} />}
            {sp.transformer && (
              <Steps
                orientation="vertical"
                size="small"
                current={3}
                items={[
                  { title: t('customer.substation'), content: <DeviceStep d={sp.substation} /> },
                  { title: t('customer.feeder'), content: <DeviceStep d={sp.feeder} /> },
                  { title: t('customer.transformer'), content: <DeviceStep d={sp.transformer} /> },
                  {
                    title: t('customer.servicePoints'),
                    content: <Typography.Text type="secondary">{sp.meters.map((m) => m.meterNo).join(', ')}</Typography.Text>,
                  },
                ]}
              />
            )}
          </Card>
        ))}
      </Col>
      <Col xs={24} xl={12}>
        {pts.features.length === 0 ? (
          <Alert type="info" title={t('customer.noLocation')} />
        ) : (
          <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: 420 }} />}>
            <GeoMap
              sources={sources}
              layers={layers}
              fitSources={['sp']}
              tileUrl={me?.mapTileUrl}
              testId="customer-map"
              popup={(f) =>
                f.layer.id === 'sp'
                  ? popupBody(String(f.properties.address), [[t('customer.transformer'), f.properties.transformer]])
                  : popupBody(`${f.properties.code} ${f.properties.name}`, [
                      [t('network.kind'), t(`network.kinds.${f.properties.kind}`, { defaultValue: f.properties.kind })],
                    ])
              }
            />
          </Suspense>
        )}
      </Col>
    </Row>
  );
}
