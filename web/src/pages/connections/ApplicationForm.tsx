/** The application form: counter / phone staff, or a customer on the portal (fewer fields). Server errors land on their fields. */
import { useState } from 'react';
import { Alert, Button, Checkbox, Col, DatePicker, Form, Input, InputNumber, Row, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { applyFormErrors } from '../../components/formErrors';
import { label } from '../../components/labels';
import type { NewApplication, PortalApplication } from '../../api/connections';

const KINDS = [
  'new',
  'increase',
  'rename',
  'transfer',
  'relocation',
  'temporary_removal',
  'pause',
  'pause_end',
  'reduction',
  'reduction_end',
  'meter_relocation',
  'use_class_change',
  'closure',
];
const CLASSES = ['residential', 'lv_nonresidential', 'hv_single', 'hv_dual'];
const INDUSTRIES = ['residential', 'industrial', 'commercial', 'agricultural', 'other'];

interface Values {
  kind: NewApplication['kind'];
  customerClass: NewApplication['customerClass'];
  channel?: NewApplication['channel'];
  applicantName: string;
  applicantPhone: string;
  address: string;
  voltageKv: number;
  requestedKva: number;
  existingKva?: number;
  longTermKva?: number;
  annualKwh?: number;
  industry?: NewApplication['industry'];
  servicePointId?: number;
  flags?: string[];
  startsOn?: Dayjs;
  endsOn?: Dayjs;
  restoreOn?: Dayjs;
  transformers?: string;
  newName?: string;
}

/** Staff submit the counter/phone shape; a portal customer the portal's (no channel, no staff-only flags). */
type Submit = { portal: true; onSubmit: (body: PortalApplication) => Promise<void> } | { portal?: false; onSubmit: (body: NewApplication) => Promise<void> };

export function ApplicationForm(props: Submit) {
  const { portal } = props;
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const kind = Form.useWatch('kind', form);
  const cls = Form.useWatch('customerClass', form);

  async function finish(v: Values) {
    setBusy(true);
    setError(null);
    const flags = new Set(v.flags ?? []);
    const day = (d?: Dayjs) => (d ? d.format('YYYY-MM-DD') : undefined);
    const details = Object.fromEntries(
      Object.entries({
        startsOn: day(v.startsOn),
        endsOn: day(v.endsOn),
        restoreOn: day(v.restoreOn),
        newName: v.newName || undefined,
        transformers: v.transformers
          ? v.transformers
              .split(/[,，\s]+/)
              .filter(Boolean)
              .map(Number)
          : undefined,
      }).filter(([, x]) => x !== undefined),
    );
    const common: PortalApplication = {
      kind: v.kind,
      customerClass: v.customerClass,
      applicantName: v.applicantName,
      applicantPhone: v.applicantPhone,
      address: v.address,
      voltageKv: v.voltageKv,
      requestedKva: v.requestedKva,
      ...(v.industry ? { industry: v.industry } : {}),
      ...(v.servicePointId ? { servicePointId: v.servicePointId } : {}),
      ...(Object.keys(details).length ? { details } : {}),
      ...(flags.has('legalEntity') ? { legalEntity: true } : {}),
    };
    const staff: NewApplication = { ...common, channel: v.channel ?? 'counter' };
    if (!portal) {
      if (v.longTermKva !== undefined) staff.longTermKva = v.longTermKva;
      if (v.annualKwh !== undefined) staff.annualKwh = v.annualKwh;
      for (const f of ['highEnergy', 'important', 'highRisk', 'ownGeneration', 'dedicatedLine'] as const) if (flags.has(f)) staff[f] = true;
    }
    try {
      if (props.portal) await props.onSubmit(common);
      else await props.onSubmit(staff);
    } catch (e) {
      setError(applyFormErrors(form, e));
    } finally {
      setBusy(false);
    }
  }
  const hv = cls === 'hv_single' || cls === 'hv_dual';
  const dated = ['pause', 'reduction'].includes(kind);
  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={finish}
      initialValues={{ kind: 'new', customerClass: 'residential', channel: 'counter', voltageKv: 0.22, requestedKva: 8 }}
      data-testid="conn-form"
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="conn-form-error" />}
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Form.Item name="kind" label={t('conn.kind')} rules={[{ required: true }]}>
            <Select options={KINDS.map((k) => ({ value: k, label: label('conn.kinds', k) }))} data-testid="conn-kind" />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="customerClass" label={t('conn.customerClass')} rules={[{ required: true }]}>
            <Select
              options={CLASSES.map((k) => ({ value: k, label: label('conn.classes', k) }))}
              onChange={(c) => form.setFieldValue('voltageKv', c === 'hv_single' || c === 'hv_dual' ? 10 : 0.22)}
              data-testid="conn-class"
            />
          </Form.Item>
        </Col>
        {!portal && (
          <Col xs={24} md={8}>
            <Form.Item name="channel" label={t('conn.channel')}>
              <Select options={['counter', 'phone'].map((k) => ({ value: k, label: label('conn.channels', k) }))} />
            </Form.Item>
          </Col>
        )}
        <Col xs={24} md={8}>
          <Form.Item name="applicantName" label={t('conn.applicant')} rules={[{ required: true }]}>
            <Input maxLength={128} data-testid="conn-applicant" />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="applicantPhone" label={t('conn.phone')} rules={[{ required: true }]}>
            <Input maxLength={20} data-testid="conn-phone" />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item name="industry" label={t('conn.industry')}>
            <Select allowClear options={INDUSTRIES.map((k) => ({ value: k, label: label('conn.industries', k) }))} />
          </Form.Item>
        </Col>
        <Col xs={24}>
          <Form.Item name="address" label={t('conn.address')} rules={[{ required: true }]}>
            <Input maxLength={256} data-testid="conn-address" />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name="voltageKv" label={t('conn.voltageKv')} rules={[{ required: true }]}>
            <InputNumber min={0.22} max={500} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6}>
          <Form.Item name="requestedKva" label={t('conn.requestedKva')} rules={[{ required: true }]}>
            <InputNumber min={0} style={{ width: '100%' }} data-testid="conn-kva" />
          </Form.Item>
        </Col>
        {kind !== 'new' && (
          <Col xs={12} md={6}>
            <Form.Item name="servicePointId" label={t('conn.servicePointId')}>
              <InputNumber min={1} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        )}
        {!portal && hv && (
          <Col xs={12} md={6}>
            <Form.Item name="longTermKva" label={t('conn.longTermKva')}>
              <InputNumber min={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        )}
        {!portal && (
          <Col xs={12} md={6}>
            <Form.Item name="annualKwh" label={t('conn.annualKwh')}>
              <InputNumber min={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        )}
        {dated && (
          <Col xs={12} md={6}>
            <Form.Item name="startsOn" label={t('conn.details.startsOn')}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        )}
        {dated && (
          <Col xs={12} md={6}>
            <Form.Item name="endsOn" label={t('conn.details.endsOn')}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        )}
        {kind === 'pause' && (
          <Col xs={24} md={12}>
            <Form.Item name="transformers" label={t('conn.details.transformers')}>
              <Input placeholder="630, 400" />
            </Form.Item>
          </Col>
        )}
        {(kind === 'reduction_end' || kind === 'pause_end') && (
          <Col xs={12} md={6}>
            <Form.Item name="restoreOn" label={t('conn.details.restoreOn')}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        )}
        {(kind === 'rename' || kind === 'transfer') && (
          <Col xs={24} md={12}>
            <Form.Item name="newName" label={t('conn.details.newName')}>
              <Input maxLength={128} />
            </Form.Item>
          </Col>
        )}
        <Col xs={24}>
          <Form.Item name="flags">
            <Checkbox.Group
              options={(portal ? ['legalEntity'] : ['legalEntity', 'highEnergy', 'important', 'highRisk', 'ownGeneration', 'dedicatedLine']).map((f) => ({
                value: f,
                label: t(`conn.${f}`),
              }))}
            />
          </Form.Item>
        </Col>
      </Row>
      <Button type="primary" htmlType="submit" loading={busy} data-testid="conn-submit">
        {t('common.submit')}
      </Button>
    </Form>
  );
}
