/** New planned outage: kind, window, reason, devices (searched on the network); the server checks the notice window. */
import { useState } from 'react';
import { Alert, DatePicker, Form, Input, Modal, Radio, Select } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { call, http } from '../../api/http';
import { planned } from '../../api/outages';
import { applyFormErrors } from '../../components/formErrors';
import { useDebounced } from '../../components/useDebounced';
import { label } from '../../components/labels';

export default function PlanForm({ onClose, onSaved }: { onClose: () => void; onSaved: (id: number) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 250);
  const devices = useQuery({
    queryKey: ['devices', 'plan', q],
    queryFn: ({ signal }) => call(http.GET('/api/network/devices', { params: { query: { q, kind: q ? undefined : 'feeder', limit: 50 } }, signal }), signal),
  });

  async function save() {
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      const r = await planned.create({
        kind: v.kind,
        startsAt: v.window[0].toISOString(),
        endsAt: v.window[1].toISOString(),
        reason: v.reason,
        deviceIds: v.deviceIds,
      });
      onSaved(r.id);
    } catch (e) {
      const msg = applyFormErrors(form, e);
      // start/end errors belong to the window picker
      const se = [...form.getFieldError('startsAt'), ...form.getFieldError('endsAt')];
      if (se.length) form.setFields([{ name: 'window', errors: se }]);
      setError(msg);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open
      width={640}
      title={t('plan.new')}
      onCancel={onClose}
      onOk={save}
      confirmLoading={busy}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'plan-save' } as never}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="plan-error" />}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ kind: 'planned', window: [dayjs().add(8, 'day').hour(8).minute(0).second(0), dayjs().add(8, 'day').hour(17).minute(0).second(0)] }}
      >
        <Form.Item name="kind" label={t('plan.kind')}>
          <Radio.Group options={['planned', 'temporary_maintenance'].map((k) => ({ value: k, label: label('outage.kinds', k) }))} />
        </Form.Item>
        <Form.Item name="window" label={t('plan.window')} extra={t('plan.noticeHint')} rules={[{ required: true }]}>
          <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="reason" label={t('plan.reason')} rules={[{ required: true, max: 200 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="deviceIds" label={t('plan.devices')} rules={[{ required: true }]}>
          <Select
            mode="multiple"
            showSearch={{ filterOption: false, onSearch: setText }}
            loading={devices.isFetching}
            data-testid="plan-devices"
            options={(devices.data ?? []).map((d) => ({ value: d.id, label: `${label('network.kinds', d.kind)} ${d.code} ${d.name}` }))}
            placeholder={t('network.search')}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
