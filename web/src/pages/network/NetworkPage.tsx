/** The network model: devices by kind with search, drill down to children, downstream trace, map. */
import { Suspense, useMemo, useState } from 'react';
import { Breadcrumb, Card, Col, Input, Row, Segmented, Skeleton, Table, Tag } from 'antd';
import { useQuery, keepPreviousData } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { call, http } from '../../api/http';
import type { Device } from '../../api/types';
import { useNetworkGeo } from '../../api/hooks';
import { useAuth } from '../../app/auth';
import { useDebounced } from '../../components/useDebounced';
import DownstreamButton from '../../components/DownstreamButton';
import { label } from '../../components/labels';
import { LoadError } from '../../components/Problems';
import { EMPTY, GeoMap, KIND_COLORS, networkLayers, popupBody } from '../../components/map';

const KINDS = ['substation', 'feeder', 'transformer'];

export default function NetworkPage() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const [kind, setKind] = useState<Device['kind']>('substation');
  const [trail, setTrail] = useState<Device[]>([]);
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 300);
  const parent = trail[trail.length - 1];
  const list = useQuery({
    queryKey: ['devices', parent?.id ?? null, parent ? null : kind, q],
    queryFn: ({ signal }) => call(http.GET('/api/network/devices', { params: { query: parent ? { parentId: parent.id, q } : { kind, q } }, signal }), signal),
    placeholderData: keepPreviousData,
  });
  const geo = useNetworkGeo();
  const layers = useMemo(() => networkLayers(), []);
  const sources = useMemo(() => ({ network: geo.data ?? EMPTY }), [geo.data]);

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={11}>
        <Card title={t('network.title')}>
          <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap', marginBottom: 12 }}>
            {!parent && (
              <Segmented
                value={kind}
                onChange={(v) => setKind(v as Device['kind'])}
                options={KINDS.map((k) => ({ value: k, label: t(`network.kinds.${k}`) }))}
              />
            )}
            <Input.Search allowClear placeholder={t('network.search')} value={text} onChange={(e) => setText(e.target.value)} style={{ maxWidth: 260 }} />
          </div>
          {trail.length > 0 && (
            <Breadcrumb
              style={{ marginBottom: 8 }}
              items={[
                { title: <a onClick={() => setTrail([])}>{t(`network.kinds.${kind}`)}</a> },
                ...trail.map((d, i) => ({ title: <a onClick={() => setTrail(trail.slice(0, i + 1))}>{d.code}</a> })),
              ]}
            />
          )}
          {list.error ? (
            <LoadError error={list.error} onRetry={() => list.refetch()} />
          ) : (
            <Table<Device>
              rowKey="id"
              size="small"
              loading={list.isFetching}
              dataSource={list.data ?? []}
              pagination={{ pageSize: 15, showSizeChanger: false }}
              columns={[
                {
                  title: t('common.code'),
                  dataIndex: 'code',
                  className: 'gd-mono',
                  render: (v, d) => (d.kind === 'transformer' ? v : <a onClick={() => setTrail([...trail, d])}>{v}</a>),
                },
                { title: t('common.name'), dataIndex: 'name' },
                { title: t('network.kind'), dataIndex: 'kind', render: (k) => <Tag color={KIND_COLORS[k]}>{label('network.kinds', k)}</Tag> },
                { title: t('network.downstream'), key: 'ds', render: (_, d) => <DownstreamButton deviceId={d.id} name={d.name} /> },
              ]}
            />
          )}
        </Card>
      </Col>
      <Col xs={24} xl={13}>
        <Card title={t('network.map')} styles={{ body: { padding: 8 } }}>
          <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: 560 }} />}>
            <GeoMap
              sources={sources}
              layers={layers}
              fitSources={['network']}
              height={560}
              tileUrl={me?.mapTileUrl}
              testId="network-map"
              popup={(f) => popupBody(`${f.properties.code} ${f.properties.name}`, [[t('network.kind'), label('network.kinds', f.properties.kind)]])}
            />
          </Suspense>
        </Card>
      </Col>
    </Row>
  );
}
