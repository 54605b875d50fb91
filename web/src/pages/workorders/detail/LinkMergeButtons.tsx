/** Link this order to another (related) or merge it into a surviving order (a complaint merge needs a supervisor: the server says so). */
import { useState } from 'react';
import { Alert, App, Button, Form, Input, InputNumber, Modal, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { wo, type Order } from '../../../api/workorders';
import { applyFormErrors } from '../../../components/formErrors';

export default function LinkMergeButtons({ order, onDone }: { order: Order; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [mode, setMode] = useState<'link' | 'merge' | null>(null);
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const canMerge = order.allowedActions.includes('merge');

  async function submit() {
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      if (mode === 'link') await wo.link(order.id, v.relatedId);
      else await wo.merge(order.id, v.survivorId, v.note);
      message.success(t('common.saved'));
      setMode(null);
      form.resetFields();
      onDone();
    } catch (e) {
      setError(applyFormErrors(form, e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <Space style={{ marginTop: 12 }} wrap>
        <Button size="small" onClick={() => setMode('link')}>
          {t('wo.linkOrder')}
        </Button>
        {canMerge && (
          <Button size="small" onClick={() => setMode('merge')}>
            {t('wo.mergeInto')}
          </Button>
        )}
      </Space>
      <Modal
        open={!!mode}
        title={mode === 'link' ? t('wo.linkOrder') : t('wo.mergeInto')}
        onCancel={() => setMode(null)}
        onOk={submit}
        confirmLoading={busy}
        okText={t('common.confirm')}
        cancelText={t('common.cancel')}
        destroyOnHidden
      >
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Form form={form} layout="vertical">
          {mode === 'link' && (
            <Form.Item name="relatedId" label={t('wo.relatedId')} rules={[{ required: true }]}>
              <InputNumber min={1} style={{ width: '100%' }} />
            </Form.Item>
          )}
          {mode === 'merge' && (
            <>
              <Form.Item name="survivorId" label={t('wo.survivorId')} rules={[{ required: true }]}>
                <InputNumber min={1} style={{ width: '100%' }} />
              </Form.Item>
              <Form.Item name="note" label={t('wo.note')} rules={[{ required: true, max: 500 }]}>
                <Input.TextArea rows={2} />
              </Form.Item>
            </>
          )}
        </Form>
      </Modal>
    </>
  );
}
