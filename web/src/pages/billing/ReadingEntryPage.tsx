/** Phone-friendly reading entry (抄表录入): one meter, one read time, its registers; checked like a file line. */
import { App as AntApp, Button, Card, Checkbox, Form, Input, Result } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { call, http, type BodyOf } from '../../api/http';
import { ApiError, errorText } from '../../api/client';

type Body = BodyOf<'/api/billing/readings', 'post'>;
const REGS = ['kwh_total', 'kwh_peak', 'kwh_flat', 'kwh_valley', 'kwh_critical', 'kvarh', 'max_demand_kw'] as const;
type FormValues = { meterNo: string; readAt: string; estimated?: boolean; meterChanged?: boolean } & Partial<Record<(typeof REGS)[number], string>>;

export default function ReadingEntryPage() {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  const [form] = Form.useForm<FormValues>();
  const { message } = AntApp.useApp();
  const save = useMutation({
    mutationFn: (v: FormValues) => {
      const registers: Body['registers'] = {};
      for (const r of REGS) if (v[r]) registers[r] = v[r];
      return call(
        http.POST('/api/billing/readings', {
          body: { meterNo: v.meterNo.trim(), readAt: v.readAt, registers, estimated: !!v.estimated, meterChanged: !!v.meterChanged },
        }),
      );
    },
    onSuccess: () => form.resetFields([...REGS]),
    onError: (e) => {
      if (e instanceof ApiError && e.body.details?.length) {
        const d = e.body.details[0];
        const name = d.field.split('.').pop();
        if (name === 'meterNo') {
          form.setFields([{ name: 'meterNo', errors: [en ? d.messageEn : d.message] }]);
          return;
        }
      }
      message.error(errorText(e));
    },
  });
  return (
    <Card title={t('billrun.entry')} style={{ maxWidth: 480, margin: '0 auto' }}>
      {save.data && (
        <Result
          data-testid="entry-result"
          status={save.data.exceptions ? 'warning' : 'success'}
          title={t('billrun.entered', { readings: save.data.readings, exceptions: save.data.exceptions })}
          style={{ padding: 8 }}
        />
      )}
      <Form<FormValues>
        form={form}
        layout="vertical"
        size="large"
        onFinish={(v) => save.mutate(v)}
        initialValues={{ readAt: dayjs().format('YYYY-MM-DD HH:mm') }}
      >
        <Form.Item name="meterNo" label={t('billrun.meterNo')} rules={[{ required: true, pattern: /^[A-Za-z0-9_-]{1,40}$/ }]}>
          <Input inputMode="numeric" autoFocus />
        </Form.Item>
        <Form.Item name="readAt" label={t('billrun.readAt')} rules={[{ required: true, pattern: /^\d{4}-\d\d-\d\d[ T]\d\d:\d\d$/ }]}>
          <Input />
        </Form.Item>
        {REGS.map((r) => (
          <Form.Item key={r} name={r} label={t(`billrun.regs.${r}`)} rules={[{ pattern: /^\d{1,14}(\.\d{1,4})?$/ }]}>
            <Input inputMode="decimal" />
          </Form.Item>
        ))}
        <Form.Item name="estimated" valuePropName="checked">
          <Checkbox>{t('billrun.estimated')}</Checkbox>
        </Form.Item>
        <Form.Item name="meterChanged" valuePropName="checked">
          <Checkbox>{t('billrun.meterChanged')}</Checkbox>
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={save.isPending}>
          {t('billrun.submit')}
        </Button>
      </Form>
    </Card>
  );
}
