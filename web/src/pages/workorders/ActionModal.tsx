/** One lifecycle action (POST /api/workorders/:id/transitions) with the fields it needs; 4xx details land on the fields. */
import { useState } from 'react';
import { Alert, Checkbox, Form, Input, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { wo, type Order } from '../../api/workorders';
import { useAuth } from '../../app/auth';
import { useOrgUnits } from '../../api/hooks';
import { applyFormErrors } from '../../components/formErrors';
import { label } from '../../components/labels';
import OrgSelect from '../../components/OrgSelect';
import KbPicker from '../../components/wo/KbPicker';
import { ACTION_FIELDS } from './actions';

export default function ActionModal({ order, action, onClose, onDone }: { order: Order; action: string; onClose: () => void; onDone: (o: Order) => void }) {
  const { t } = useTranslation();
  const { me } = useAuth();
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const spec = ACTION_FIELDS[action] ?? { fields: ['note'], required: [] };
  const orgs = useOrgUnits();
  const target = Form.useWatch('orgUnitId', form) ?? order.orgUnitId;
  const myPath = orgs.data?.find((u) => u.id === me?.orgUnitId)?.path;
  const targetPath = orgs.data?.find((u) => u.id === target)?.path;
  // the server accepts an assignee only from the target unit's subtree
  const canTakeIt = !!myPath && !!targetPath && myPath.startsWith(targetPath);
  const has = (f: string) => spec.fields.includes(f as never) && (f !== 'assignToMe' || canTakeIt);
  const req = (f: string) => spec.required.includes(f as never);

  async function submit() {
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      const body: Record<string, unknown> = { action };
      if (v.note) body.note = v.note;
      if (v.reason) body.reason = v.reason;
      if (v.pauseReason) body.reason = v.pauseReason;
      if (v.orgUnitId) body.orgUnitId = v.orgUnitId;
      if (v.assignToMe && me && canTakeIt) body.assigneeId = me.id;
      if (v.result) body.result = v.result;
      if (v.cause) body.cause = v.cause;
      if (v.kbArticleId) body.kbArticleId = v.kbArticleId;
      onDone(await wo.transition(order.id, body as never));
    } catch (e) {
      const msg = applyFormErrors(form, e);
      // the server names pause reasons `reason`; show it on the select
      const pauseErr = form.getFieldError('reason');
      if (has('pauseReason') && pauseErr.length) form.setFields([{ name: 'pauseReason', errors: pauseErr }]);
      setError(msg);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open
      title={`${label('wo.actions', action)} · ${order.orderNo}`}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={busy}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger: spec.danger, 'data-testid': 'action-submit' } as never}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="action-error" />}
      <Form form={form} layout="vertical" initialValues={{ orgUnitId: order.orgUnitId, kbArticleId: order.kbArticleId ?? undefined }}>
        {has('orgUnitId') && (
          <Form.Item name="orgUnitId" label={t('wo.orgUnitId')} rules={[{ required: req('orgUnitId') }]}>
            <OrgSelect />
          </Form.Item>
        )}
        {has('assignToMe') && (
          <Form.Item name="assignToMe" valuePropName="checked">
            <Checkbox>{t('wo.assignToMe')}</Checkbox>
          </Form.Item>
        )}
        {has('pauseReason') && (
          <Form.Item name="pauseReason" label={t('wo.reason')} rules={[{ required: true }]}>
            <Select options={['waiting_customer', 'waiting_parts', 'waiting_third_party'].map((r) => ({ value: r, label: label('wo.pauseReasons', r) }))} />
          </Form.Item>
        )}
        {has('kbArticleId') && (
          <Form.Item name="kbArticleId" label={t('wo.kbArticle')} rules={[{ required: req('kbArticleId') }]}>
            <KbPicker />
          </Form.Item>
        )}
        {has('result') && (
          <Form.Item name="result" label={t('wo.result')} rules={[{ required: req('result'), max: 2000 }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
        )}
        {has('cause') && (
          <Form.Item name="cause" label={t('wo.cause')} rules={[{ max: 500 }]}>
            <Input />
          </Form.Item>
        )}
        {has('reason') && (
          <Form.Item name="reason" label={t('wo.reason')} rules={[{ required: req('reason'), max: 500 }]}>
            <Input.TextArea rows={2} />
          </Form.Item>
        )}
        {has('note') && (
          <Form.Item name="note" label={t('wo.note')} rules={[{ required: req('note'), max: 2000 }]}>
            <Input.TextArea rows={2} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
