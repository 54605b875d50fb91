/**
 * Customer portal: submit a fault (pick one of my service points; a spot clicked elsewhere on the map,
 * e.g. a line down the street, is sent as the order's location — or, with "the fault is not at my
 * supply address", only the spot, placed on the network by the nearest transformer), a complaint,
 * a consultation or a service request.
 */
import { Suspense, useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Alert, Button, Card, Checkbox, Col, Form, Input, Radio, Row, Select, Skeleton, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { portal, wo, type IntakeBody, type LocationInput } from '../../api/workorders';
import { useAuth } from '../../app/auth';
import { applyFormErrors } from '../../components/formErrors';
import { newKey } from '../../components/ids';
import { collection, GeoMap, KIND_COLORS, pointFeature, popupBody } from '../../components/map';

const TYPES = ['fault_repair', 'complaint', 'consultation', 'service_request', 'suggestion', 'praise'];

export default function PortalSubmitPage() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const nav = useNavigate();
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [spot, setSpot] = useState<[number, number] | null>(null);
  const key = useRef(newKey());
  const mine = useQuery({ queryKey: ['portal', 'me'], queryFn: portal.me });
  const type = Form.useWatch('orderType', form);
  const spId = Form.useWatch('servicePointId', form);
  const spotOnly = Form.useWatch('spotOnly', form) === true && type === 'fault_repair';
  const sps = useMemo(() => mine.data?.servicePoints ?? [], [mine.data]);
  // the order catalog is open to every signed-in user, customers included
  const catalog = useQuery({ queryKey: ['wo-catalog'], queryFn: wo.catalog, staleTime: Infinity });
  const subtypes = catalog.data?.orderTypes.find((o) => o.code === type)?.subtypes.map((s) => s.code) ?? [];
  const points = useMemo(
    () =>
      collection(
        sps.filter((s) => s.lon != null).map((s) => pointFeature(Number(s.lon), Number(s.lat), { id: s.id, address: s.address, chosen: s.id === spId })),
      ),
    [sps, spId],
  );
  const layers = useMemo(
    () => [
      {
        id: 'my-sp',
        type: 'circle' as const,
        source: 'sp',
        paint: {
          'circle-color': ['case', ['get', 'chosen'], '#f5222d', KIND_COLORS.service_point],
          'circle-radius': 10,
          'circle-stroke-color': '#fff',
          'circle-stroke-width': 2,
        },
      },
    ],
    [],
  );

  async function submit() {
    const v = await form.validateFields();
    setError(null);
    if (spotOnly && !spot) {
      setError(t('portal.spotRequired'));
      return;
    }
    setBusy(true);
    try {
      const sp = sps.find((s) => s.id === v.servicePointId);
      const location: LocationInput | undefined = spot ? { lon: spot[0], lat: spot[1], ...(v.spotText?.trim() ? { text: v.spotText.trim() } : {}) } : undefined;
      const body: IntakeBody = { orderType: v.orderType, channel: 'web', description: v.description.trim() };
      if (location) body.location = location;
      if (v.subtype) body.subtype = v.subtype;
      if (v.servicePointId) body.servicePointId = v.servicePointId;
      if (sp) body.address = sp.address;
      if (v.callerPhone) body.callerPhone = v.callerPhone;
      const contact = v.callerPhone ? { callerPhone: v.callerPhone } : {};
      const r =
        spotOnly && location
          ? await portal.submitFault({ description: body.description, ...contact, location }, key.current)
          : v.orderType === 'fault_repair' && v.servicePointId
            ? await portal.submitFault(
                { servicePointId: v.servicePointId, description: body.description, ...contact, ...(location ? { location } : {}) },
                key.current,
              )
            : await portal.submit(body, key.current);
      nav(`/portal/orders/${r.order.id}`, { state: { created: true } });
    } catch (e) {
      setError(applyFormErrors(form, e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card title={t('nav.portalSubmit')}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="portal-error" />}
      <Row gutter={[24, 16]}>
        <Col xs={24} lg={12}>
          <Form
            form={form}
            layout="vertical"
            initialValues={{ orderType: 'fault_repair', servicePointId: sps.length === 1 ? sps[0].id : undefined }}
            data-testid="portal-form"
          >
            <Form.Item name="orderType" label={t('wo.type')} rules={[{ required: true }]}>
              <Radio.Group
                optionType="button"
                buttonStyle="solid"
                onChange={() => form.setFieldsValue({ subtype: undefined })}
                options={TYPES.map((c) => ({ value: c, label: t(`wo.types.${c}`) }))}
              />
            </Form.Item>
            {subtypes.length > 0 && (
              <Form.Item name="subtype" label={t('wo.subtype')} rules={[{ required: true }]}>
                <Select options={subtypes.map((s) => ({ value: s, label: t(`wo.subtypes.${s}`) }))} />
              </Form.Item>
            )}
            {type === 'fault_repair' && (
              <Form.Item name="spotOnly" valuePropName="checked" extra={spotOnly ? t('portal.spotOnlyHint') : undefined}>
                <Checkbox data-testid="portal-spot-only">{t('portal.spotOnly')}</Checkbox>
              </Form.Item>
            )}
            {!spotOnly && (
              <Form.Item
                name="servicePointId"
                label={t('portal.where')}
                rules={[{ required: type === 'fault_repair', message: t('portal.whereRequired') }]}
                extra={type === 'fault_repair' ? t('portal.whereHint') : undefined}
              >
                <Select allowClear options={sps.map((s) => ({ value: s.id, label: s.address }))} data-testid="portal-sp" />
              </Form.Item>
            )}
            <Form.Item name="callerPhone" label={t('portal.contactPhone')}>
              <Input inputMode="tel" placeholder={me?.name} />
            </Form.Item>
            <Form.Item name="description" label={t('wo.description')} rules={[{ required: true, message: t('console.descriptionRequired') }, { max: 3800 }]}>
              <Input.TextArea rows={5} showCount maxLength={3800} data-testid="portal-description" />
            </Form.Item>
            {spot && (
              <Form.Item name="spotText" label={t('portal.pinnedText')} rules={[{ max: 200 }]}>
                <Input maxLength={200} placeholder={t('wo.location.textHint')} data-testid="portal-spot-text" />
              </Form.Item>
            )}
            <Button type="primary" onClick={submit} loading={busy} size="large" data-testid="portal-submit">
              {t('common.submit')}
            </Button>
          </Form>
        </Col>
        <Col xs={24} lg={12}>
          <Typography.Paragraph type="secondary">
            {t('portal.mapHint')} {type === 'fault_repair' ? t('portal.pinnedHint') : ''}
          </Typography.Paragraph>
          <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: 380 }} />}>
            <GeoMap
              sources={{ sp: points }}
              layers={layers as never}
              fitSources={['sp']}
              height={380}
              tileUrl={me?.mapTileUrl}
              marker={spot}
              testId="portal-map"
              popup={(f) => popupBody(String(f.properties.address), [])}
              onFeatureClick={(f) => {
                if (spotOnly) return;
                form.setFieldsValue({ servicePointId: Number(f.properties.id) });
                setSpot(null);
              }}
              onMapClick={(p) => setSpot([p.lng, p.lat])}
            />
          </Suspense>
          {spot && (
            <Typography.Text type="secondary" className="gd-mono" data-testid="portal-pinned">
              {t('portal.pinned')}: {spot[0].toFixed(6)}, {spot[1].toFixed(6)} <a onClick={() => setSpot(null)}>{t('common.clear')}</a>
            </Typography.Text>
          )}
        </Col>
      </Row>
    </Card>
  );
}
