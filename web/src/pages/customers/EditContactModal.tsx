/** PATCH /api/customers/:id {name?, phone?, email?} with field errors on the form. */
import { useState } from 'react';
import { Alert, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { call, http, type BodyOf } from '../../api/http';
import type { Customer360 } from '../../api/types';
import { applyFormErrors } from '../../components/formErrors';

export default function EditContactModal({ customer, onClose, onSaved }: { customer: Customer360['customer']; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function save() {
    const v = await form.validateFields();
    const body: BodyOf<'/api/customers/{id}', 'patch'> = {};
    if (v.name && v.name !== customer.name) body.name = v.name;
    if (v.phone) body.phone = v.phone;
    if (v.email !== undefined && v.email !== (customer.email ?? '')) body.email = v.email;
    if (!Object.keys(body).length) return onClose();
    setBusy(true);
    setError(null);
    try {
      await call(http.PATCH('/api/customers/{id}', { params: { path: { id: customer.id } }, body }));
      onSaved();
    } catch (e) {
      setError(applyFormErrors(form, e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open
      title={t('customer.editContact')}
      onCancel={onClose}
      onOk={save}
      confirmLoading={busy}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" initialValues={{ name: customer.name, email: customer.email ?? '' }}>
        <Form.Item name="name" label={t('customer.name')} rules={[{ required: true, max: 100 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="phone" label={t('customer.phone')} extra={customer.phone ?? ''}>
          <Input placeholder={customer.phone ?? ''} inputMode="tel" />
        </Form.Item>
        <Form.Item name="email" label={t('customer.email')} rules={[{ type: 'email' }]}>
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
}
