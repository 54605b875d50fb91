/** An order's location on a small map, with how it was obtained (service point or reported) and the caller's note. */
import { Suspense } from 'react';
import { Card, Skeleton, Space, Tag, Typography } from 'antd';
import { EnvironmentOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { OrderLocation as Location } from '../../api/workorders';
import { useAuth } from '../../app/auth';
import { GeoMap } from '../map';

const NO_LAYERS: never[] = [];
const NO_SOURCES = {};

export function OrderLocationCard({ location, height = 220 }: { location: Location | null; height?: number }) {
  const { t } = useTranslation();
  const { me } = useAuth();
  if (!location) return null;
  return (
    <Card
      size="small"
      title={
        <Space size={6}>
          <EnvironmentOutlined />
          {t('wo.location.title')}
        </Space>
      }
      data-testid="order-location"
      extra={
        <Tag color={location.source === 'reported' ? 'volcano' : 'default'} data-testid="order-location-source">
          {t(`wo.location.sources.${location.source}`)}
        </Tag>
      }
    >
      {location.text && (
        <Typography.Paragraph style={{ marginBottom: 8 }} data-testid="order-location-text">
          {location.text}
        </Typography.Paragraph>
      )}
      <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height }} />}>
        <GeoMap
          sources={NO_SOURCES}
          layers={NO_LAYERS}
          center={[location.lon, location.lat]}
          zoom={15}
          height={height}
          tileUrl={me?.mapTileUrl}
          marker={[location.lon, location.lat]}
          testId="order-location-map"
        />
      </Suspense>
      <Typography.Text type="secondary" className="gd-mono" style={{ fontSize: 12 }} data-testid="order-location-lonlat">
        {t('wo.location.lonLat')}: {location.lon.toFixed(6)}, {location.lat.toFixed(6)}
      </Typography.Text>
    </Card>
  );
}
