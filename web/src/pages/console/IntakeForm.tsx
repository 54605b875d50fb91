/**
 * The intake form, keyboard first: the caller's number has focus; Alt+1…7 picks the order type;
 * Ctrl+Enter submits; Alt+N starts a new call. Server field errors land on the fields.
 */
import { useEffect } from 'react';
import { Button, Col, DatePicker, Form, Input, Radio, Row, Select, Space, Tag, Typography, type FormInstance } from 'antd';
import { SendOutlined, CheckCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import type { Catalog, IntakeBody, LocationInput } from '../../api/workorders';
import LocationField from './LocationField';
import { pick } from '../../i18n';

export const TYPE_ORDER: IntakeBody['orderType'][] = ['fault_repair', 'consultation', 'complaint', 'service_request', 'report', 'suggestion', 'praise'];

export interface IntakeValues {
  callerPhone?: string;
  callerName?: string;
  orderType: IntakeBody['orderType'];
  subtype?: string;
  channel: IntakeBody['channel'];
  receivedAt?: dayjs.Dayjs;
  urgency: NonNullable<IntakeBody['urgency']>;
  address?: string;
  title?: string;
  description?: string;
  location?: LocationInput;
}

interface Props {
  form: FormInstance<IntakeValues>;
  catalog?: Catalog;
  busy: boolean;
  kbTitle?: string;
  onSubmit: (closeOnSpot: boolean) => void;
  onPhone: (phone: string) => void;
  onNew: () => void;
}

export default function IntakeForm({ form, catalog, busy, kbTitle, onSubmit, onPhone, onNew }: Props) {
  const { t, i18n } = useTranslation();
  const type = Form.useWatch('orderType', form);
  const channel = Form.useWatch('channel', form);
  const subtypes = catalog?.orderTypes.find((o) => o.code === type)?.subtypes ?? [];
  const staffEntered = catalog?.channels.find((c) => c.code === channel)?.staffEntered ?? false;

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey && /^[1-7]$/.test(e.key)) {
        e.preventDefault();
        form.setFieldsValue({ orderType: TYPE_ORDER[Number(e.key) - 1], subtype: undefined });
      } else if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') {
        e.preventDefault();
        onSubmit(false);
      } else if (e.altKey && (e.key === 'n' || e.key === 'N')) {
        e.preventDefault();
        onNew();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [form, onSubmit, onNew]);

  return (
    <Form
      form={form}
      layout="vertical"
      requiredMark="optional"
      onFinish={() => onSubmit(false)}
      data-testid="intake-form"
      initialValues={{ orderType: 'fault_repair', channel: 'phone', urgency: 'normal' }}
    >
      <Row gutter={12}>
        <Col xs={24} sm={12}>
          <Form.Item name="callerPhone" label={t('wo.callerPhone')}>
            <Input
              autoFocus
              inputMode="tel"
              className="gd-mono"
              onBlur={(e) => onPhone(e.target.value.trim())}
              onPressEnter={(e) => {
                e.preventDefault();
                onPhone((e.target as HTMLInputElement).value.trim());
              }}
              data-testid="caller-phone"
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="callerName" label={t('wo.callerName')} rules={[{ max: 50 }]}>
            <Input />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item
        name="orderType"
        label={
          <span>
            {t('wo.type')}{' '}
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              Alt+1…7
            </Typography.Text>
          </span>
        }
        rules={[{ required: true }]}
      >
        <Radio.Group
          optionType="button"
          buttonStyle="solid"
          onChange={() => form.setFieldsValue({ subtype: undefined })}
          data-testid="order-type"
          options={TYPE_ORDER.map((code, i) => ({
            value: code,
            label: (
              <span>
                {pick(
                  catalog?.orderTypes.find((o) => o.code === code),
                  i18n.language,
                ) || t(`wo.types.${code}`)}{' '}
                <sup style={{ opacity: 0.6 }}>{i + 1}</sup>
              </span>
            ),
          }))}
        />
      </Form.Item>
      <Row gutter={12}>
        {subtypes.length > 0 && (
          <Col xs={24} sm={8}>
            <Form.Item name="subtype" label={t('wo.subtype')} rules={[{ required: true }]}>
              <Select options={subtypes.map((s) => ({ value: s.code, label: pick(s, i18n.language) }))} data-testid="subtype" />
            </Form.Item>
          </Col>
        )}
        <Col xs={12} sm={8}>
          <Form.Item name="channel" label={t('wo.channel')} rules={[{ required: true }]}>
            <Select options={(catalog?.channels ?? []).map((c) => ({ value: c.code, label: pick(c, i18n.language) }))} />
          </Form.Item>
        </Col>
        <Col xs={12} sm={8}>
          <Form.Item name="urgency" label={t('wo.urgency')}>
            <Select options={['normal', 'urgent', 'major'].map((u) => ({ value: u, label: t(`wo.urgencies.${u}`) }))} />
          </Form.Item>
        </Col>
        {staffEntered && (
          <Col xs={24} sm={8}>
            <Form.Item name="receivedAt" label={t('console.receivedAt')} extra={t('console.receivedAtHint')} rules={[{ required: true }]}>
              <DatePicker showTime style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs())} />
            </Form.Item>
          </Col>
        )}
      </Row>
      <Form.Item name="address" label={t('wo.address')} rules={[{ max: 200 }]}>
        <Input />
      </Form.Item>
      <Form.Item name="location" label={t('wo.location.title')}>
        <LocationField />
      </Form.Item>
      <Form.Item name="title" label={t('wo.title')} rules={[{ max: 100 }]}>
        <Input placeholder={t('console.titleHint')} />
      </Form.Item>
      <Form.Item name="description" label={t('wo.description')} rules={[{ required: true, message: t('console.descriptionRequired') }, { max: 4000 }]}>
        <Input.TextArea rows={5} showCount maxLength={4000} data-testid="description" />
      </Form.Item>
      {kbTitle && (
        <div style={{ marginBottom: 12 }}>
          <Tag color="blue">
            {t('wo.kbArticle')}: {kbTitle}
          </Tag>
        </div>
      )}
      <Space wrap>
        <Button type="primary" htmlType="submit" icon={<SendOutlined />} loading={busy} data-testid="intake-submit">
          {t('console.submit')} <Typography.Text style={{ color: 'inherit', opacity: 0.7, fontSize: 12 }}>Ctrl+Enter</Typography.Text>
        </Button>
        {type === 'consultation' && kbTitle && (
          <Button icon={<CheckCircleOutlined />} onClick={() => onSubmit(true)} loading={busy} data-testid="intake-close-on-spot">
            {t('console.closeOnSpot')}
          </Button>
        )}
        <Button onClick={onNew}>
          {t('console.newCall')}{' '}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            Alt+N
          </Typography.Text>
        </Button>
      </Space>
    </Form>
  );
}
