/**
 * Billing settings (GET/PUT /api/billing/settings, docs/billing.md §17): the province billed, register
 * digits, chunk size, payment term, hotline, late-fee notices, the e-bill link and the pay link of the
 * bills' QR code, and whether split settlement's interim bills are issued on their day by the background job
 * (§19). Everyone with billing.read sees them; the billing administrator (tariffs.admin) saves.
 * The server checks the whole and names each field it refuses; those show under the field.
 */
import { useEffect } from 'react';
import { Alert, App, Button, Card, Form, Input, InputNumber, Select, Skeleton, Switch, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { call, http, type BodyOf, type Reply } from '../../api/http';
import { useAuth } from '../../app/auth';
import { applyFormErrors } from '../../components/formErrors';
import { LoadError } from '../../components/Problems';

type Settings = Reply<'/api/billing/settings', 'get'>;
type Body = BodyOf<'/api/billing/settings', 'put'>;
type FormValues = Omit<Body, 'ebillLink' | 'payLink'> & { ebillLink: string; payLink: string };

export default function BillingSettingsPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { message } = App.useApp();
  const editable = can('tariffs.admin');
  const [form] = Form.useForm<FormValues>();
  const q = useQuery({ queryKey: ['billing-settings'], queryFn: ({ signal }) => call(http.GET('/api/billing/settings', { signal }), signal) });
  useEffect(() => {
    if (q.data) form.setFieldsValue(toForm(q.data));
  }, [q.data, form]);
  if (q.error) return <LoadError error={q.error} onRetry={() => q.refetch()} />;
  if (!q.data) return <Skeleton active />;

  async function save(v: FormValues) {
    try {
      const body: Body = { ...v, ebillLink: v.ebillLink.trim() || null, payLink: v.payLink.trim() || null };
      const saved = await call(http.PUT('/api/billing/settings', { body }));
      form.setFieldsValue(toForm(saved));
      message.success(t('billset.saved'));
      void q.refetch();
    } catch (e) {
      message.error(applyFormErrors(form, e));
    }
  }

  return (
    <Card title={t('billset.title')} data-testid="billing-settings">
      {!editable && <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('billset.readOnly')} />}
      <Form<FormValues> form={form} layout="vertical" disabled={!editable} onFinish={save} style={{ maxWidth: 720 }}>
        <Form.Item name="province" label={t('billset.province')} rules={[{ required: true }]}>
          <Select options={q.data.provinces.map((p) => ({ value: p, label: p }))} data-testid="settings-province" />
        </Form.Item>
        <Form.Item name="paymentDays" label={t('billset.paymentDays')} rules={[{ required: true }]}>
          <InputNumber min={1} max={90} data-testid="settings-paymentDays" />
        </Form.Item>
        <Form.Item name="hotline" label={t('billset.hotline')} rules={[{ required: true }]}>
          <Input maxLength={20} style={{ width: 200 }} data-testid="settings-hotline" />
        </Form.Item>
        <Form.Item name="payLink" label={t('billset.payLink')} extra={t('billset.payLinkHelp')}>
          <Input maxLength={500} placeholder="https://…?ref={payRef}" data-testid="settings-payLink" />
        </Form.Item>
        <Form.Item name="ebillLink" label={t('billset.ebillLink')} extra={t('billset.ebillLinkHelp')}>
          <Input maxLength={500} placeholder="https://…/portal/bills?bill={billId}" data-testid="settings-ebillLink" />
        </Form.Item>
        <Form.Item name="lateFeeNoticeZh" label={t('billset.lateFeeNoticeZh')} rules={[{ required: true }]}>
          <Input.TextArea maxLength={600} autoSize={{ minRows: 2, maxRows: 5 }} />
        </Form.Item>
        <Form.Item name="lateFeeNoticeEn" label={t('billset.lateFeeNoticeEn')} rules={[{ required: true }]}>
          <Input.TextArea maxLength={600} autoSize={{ minRows: 2, maxRows: 5 }} />
        </Form.Item>
        <Form.Item name="registerDigits" label={t('billset.registerDigits')} rules={[{ required: true }]}>
          <InputNumber min={4} max={12} />
        </Form.Item>
        <Form.Item name="chunkAccounts" label={t('billset.chunkAccounts')} rules={[{ required: true }]}>
          <InputNumber min={10} max={100000} />
        </Form.Item>
        <Form.Item name="interimAutoIssue" label={t('billset.interimAutoIssue')} extra={t('billset.interimAutoIssueHelp')} valuePropName="checked">
          <Switch data-testid="settings-interimAutoIssue" />
        </Form.Item>
        {q.data.updatedAt && (
          <Typography.Paragraph type="secondary">
            {t('billset.updatedAt')}: {new Date(q.data.updatedAt).toLocaleString()}
          </Typography.Paragraph>
        )}
        {editable && (
          <Button type="primary" htmlType="submit" data-testid="settings-save">
            {t('common.save')}
          </Button>
        )}
      </Form>
    </Card>
  );
}

function toForm(s: Settings): FormValues {
  const { provinces: _p, updatedAt: _u, ...rest } = s;
  return { ...rest, ebillLink: s.ebillLink ?? '', payLink: s.payLink ?? '' };
}
