/**
 * Optional location for the call-taker: when the caller describes a spot (a pole down the road),
 * open the small map and click it. A form control (value/onChange), so the form resets it and
 * server errors on `location` land here. Closed by default: keyboard users tab straight past it.
 */
import { Suspense, useMemo, useState } from 'react';
import { Button, Input, Skeleton, Space, Typography } from 'antd';
import { EnvironmentOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { LocationInput } from '../../api/workorders';
import { useNetworkGeo } from '../../api/hooks';
import { useAuth } from '../../app/auth';
import { EMPTY, GeoMap, networkLayers } from '../../components/map';

interface Props {
  value?: LocationInput;
  onChange?: (v: LocationInput | undefined) => void;
}

export default function LocationField({ value, onChange }: Props) {
  const { t } = useTranslation();
  const { me } = useAuth();
  const [open, setOpen] = useState(false);
  const geo = useNetworkGeo(open);
  const layers = useMemo(() => networkLayers('loc'), []);
  const sources = useMemo(() => ({ network: geo.data ?? EMPTY }), [geo.data]);
  return (
    <div data-testid="intake-location">
      <Space wrap size={8}>
        <Button size="small" icon={<EnvironmentOutlined />} onClick={() => setOpen(!open)} aria-expanded={open} data-testid="intake-location-toggle">
          {open ? t('wo.location.hide') : t('wo.location.show')}
        </Button>
        {value && (
          <>
            <Typography.Text className="gd-mono" data-testid="intake-location-value">
              {value.lon.toFixed(6)}, {value.lat.toFixed(6)}
            </Typography.Text>
            <Button size="small" type="link" onClick={() => onChange?.(undefined)} data-testid="intake-location-clear">
              {t('wo.location.clear')}
            </Button>
          </>
        )}
      </Space>
      {open && (
        <div style={{ marginTop: 8 }}>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 6 }}>
            {t('wo.location.pick')}
          </Typography.Paragraph>
          <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: 240 }} />}>
            <GeoMap
              sources={sources}
              layers={layers}
              fitSources={['network']}
              height={240}
              tileUrl={me?.mapTileUrl}
              testId="intake-location-map"
              marker={value ? [value.lon, value.lat] : null}
              onFeatureClick={(f) => {
                if (f.geometry.type === 'Point') {
                  const [lon, lat] = f.geometry.coordinates;
                  onChange?.({ lon, lat, ...(value?.text ? { text: value.text } : {}) });
                }
              }}
              onMapClick={(p) => onChange?.({ lon: p.lng, lat: p.lat, ...(value?.text ? { text: value.text } : {}) })}
            />
          </Suspense>
        </div>
      )}
      {value && (
        <Input
          style={{ marginTop: 8 }}
          maxLength={200}
          value={value.text ?? ''}
          placeholder={t('wo.location.textHint')}
          aria-label={t('wo.location.text')}
          data-testid="intake-location-text"
          onChange={(e) => onChange?.({ lon: value.lon, lat: value.lat, ...(e.target.value ? { text: e.target.value } : {}) })}
        />
      )}
    </div>
  );
}
