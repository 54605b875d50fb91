/** Set an account's low-balance threshold (PUT /api/prepaid/accounts/:accountId/threshold), in yuan sent as integer fen. */
import { useState } from 'react';
import { Alert, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { call, http, type Reply } from '../../api/http';
import { applyFormErrors } from '../../components/formErrors';
import { fenOf, yuanPlain } from '../../components/money';

type Account = Reply<'/api/prepaid/accounts/{accountId}/threshold', 'put'>;

export default function ThresholdModal({ account, onClose, onSaved }: { account: Account; onClose: () => void; onSaved: (a: Account) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ thresholdFen: string }>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function save() {
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      onSaved(
        await call(
          http.PUT('/api/prepaid/accounts/{accountId}/threshold', {
            params: { path: { accountId: account.accountId } },
            body: { thresholdFen: fenOf(v.thresholdFen)! },
          }),
        ),
      );
    } catch (e) {
      setError(applyFormErrors(form, e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open
      title={t('prepaid.thresholdTitle', { account: account.accountNo })}
      onCancel={onClose}
      onOk={save}
      confirmLoading={busy}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ 'data-testid': 'prepaid-threshold-save' }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ thresholdFen: yuanPlain(account.thresholdFen).replaceAll(',', '') }}>
        <Form.Item
          name="thresholdFen"
          label={t('prepaid.thresholdYuan')}
          rules={[
            { required: true, message: t('prepaid.amountBad') },
            { validator: (_: unknown, v?: string) => (!v || fenOf(v) !== null ? Promise.resolve() : Promise.reject(new Error(t('prepaid.amountBad')))) },
          ]}
        >
          <Input inputMode="decimal" autoComplete="off" data-testid="prepaid-threshold-input" />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon message={error} />}
    </Modal>
  );
}
