/** Operator regrouping: move an outage to another device, or split it over several devices (POST /api/outages/:id/move | split). */
import { useState } from 'react';
import { Alert, Form, Modal, Select } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { call, http } from '../../api/http';
import { outages, type OutageDetail } from '../../api/outages';
import { applyFormErrors } from '../../components/formErrors';
import { label } from '../../components/labels';
import { useDebounced } from '../../components/useDebounced';

export default function RegroupModal({
  outage,
  mode,
  onClose,
  onDone,
}: {
  outage: OutageDetail;
  mode: 'move' | 'split';
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 250);
  // move: search any device; split: the devices right below the outage's device
  const devices = useQuery({
    queryKey: ['devices', mode, q, outage.device.id],
    queryFn: ({ signal }) =>
      call(http.GET('/api/network/devices', { params: { query: mode === 'split' ? { parentId: outage.device.id, q } : { q, limit: 50 } }, signal }), signal),
  });
  async function submit() {
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      if (mode === 'move') await outages.move(outage.id, v.deviceId);
      else await outages.split(outage.id, v.deviceIds);
      onDone();
    } catch (e) {
      setError(applyFormErrors(form, e));
    } finally {
      setBusy(false);
    }
  }
  const options = (devices.data ?? [])
    .filter((d) => d.id !== outage.device.id)
    .map((d) => ({ value: d.id, label: `${label('network.kinds', d.kind)} ${d.code} ${d.name}` }));
  return (
    <Modal
      open
      title={`${label('outage.actions', mode)} · ${outage.outageNo}`}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={busy}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical">
        {mode === 'move' ? (
          <Form.Item name="deviceId" label={t('outage.moveTo')} rules={[{ required: true }]}>
            <Select showSearch={{ filterOption: false, onSearch: setText }} loading={devices.isFetching} options={options} />
          </Form.Item>
        ) : (
          <Form.Item name="deviceIds" label={t('outage.splitInto')} rules={[{ required: true }, { type: 'array', min: 2 }]}>
            <Select mode="multiple" showSearch={{ filterOption: false, onSearch: setText }} loading={devices.isFetching} options={options} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
