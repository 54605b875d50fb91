/** Create (POST /api/users) or edit (PATCH /api/users/:id) a user; the server's field errors are shown on the fields. */
import { useState } from 'react';
import { Alert, Form, Input, InputNumber, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { call, http, type BodyOf } from '../../api/http';
import type { User } from '../../api/types';
import { useRoles } from '../../api/hooks';
import { pick } from '../../i18n';
import { applyFormErrors } from '../../components/formErrors';
import OrgSelect from '../../components/OrgSelect';

export default function UserModal({ user, onClose, onSaved }: { user?: User; onClose: () => void; onSaved: () => void }) {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm();
  const roles = useRoles();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const role = Form.useWatch('role', form);

  async function save() {
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      if (user) {
        const body: BodyOf<'/api/users/{id}', 'patch'> = {};
        for (const k of ['displayName', 'role', 'orgUnitId', 'email'] as const) if (v[k] !== undefined && v[k] !== (user[k] ?? '')) body[k] = v[k];
        if (v.phone) body.phone = v.phone;
        if (Object.keys(body).length) await call(http.PATCH('/api/users/{id}', { params: { path: { id: user.id } }, body }));
      } else {
        const body: BodyOf<'/api/users', 'post'> = {
          username: v.username,
          displayName: v.displayName,
          role: v.role,
          orgUnitId: v.orgUnitId,
          password: v.password,
        };
        if (v.phone) body.phone = v.phone;
        if (v.email) body.email = v.email;
        if (v.role === 'customer' && v.customerId) body.customerId = v.customerId;
        await call(http.POST('/api/users', { body }));
      }
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
      title={user ? t('user.editUser') : t('user.newUser')}
      onCancel={onClose}
      onOk={save}
      confirmLoading={busy}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="form-error" />}
      <Form form={form} layout="vertical" initialValues={user ? { ...user, phone: undefined, email: user.email ?? '' } : { role: 'call_taker' }}>
        <Form.Item name="username" label={t('user.username')} rules={[{ required: !user }]}>
          <Input disabled={!!user} autoComplete="off" className="gd-mono" />
        </Form.Item>
        <Form.Item name="displayName" label={t('user.displayName')} rules={[{ required: true, max: 64 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="role" label={t('user.role')} rules={[{ required: true }]}>
          <Select loading={roles.isLoading} options={(roles.data ?? []).map((r) => ({ value: r.role, label: pick(r.name, i18n.language) }))} />
        </Form.Item>
        <Form.Item name="orgUnitId" label={t('user.org')} rules={[{ required: true }]}>
          <OrgSelect />
        </Form.Item>
        <Form.Item name="phone" label={t('user.phone')} extra={user?.phone ?? undefined}>
          <Input inputMode="tel" placeholder={user?.phone ?? ''} />
        </Form.Item>
        <Form.Item name="email" label={t('user.email')}>
          <Input type="email" />
        </Form.Item>
        {!user && (
          <Form.Item name="password" label={t('user.password')} extra={t('auth.passwordHint')} rules={[{ required: true }]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        )}
        {!user && role === 'customer' && (
          <Form.Item name="customerId" label={t('user.customerId')}>
            <InputNumber min={1} style={{ width: '100%' }} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
