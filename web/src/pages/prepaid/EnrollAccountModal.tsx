/**
 * Put an account on prepaid fee control (POST /api/prepaid/accounts, docs/prepaid.md): the account by
 * its number (户号), the price plan, where its kWh come from (AMI daily totals or meter reads), and
 * optionally the low-balance threshold and an opening balance in yuan (sent as integer fen). The
 * server's field errors are shown on the fields.
 */
import { useState } from 'react';
import { Alert, Form, Input, Modal, Select } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { call, http, type BodyOf, type Reply } from '../../api/http';
import { applyFormErrors } from '../../components/formErrors';
import { fenOf } from '../../components/money';

type Account = Reply<'/api/prepaid/accounts', 'post'>;
interface Values {
  accountNo: string;
  planCode: string;
  usageSource: 'daily_totals' | 'meter_reads';
  /** yuan as typed */
  thresholdFen?: string;
  openingBalanceFen?: string;
}

export default function EnrollAccountModal({ onClose, onSaved }: { onClose: () => void; onSaved: (a: Account) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const plans = useQuery({ queryKey: ['prepaid-plans'], queryFn: () => call(http.GET('/api/prepaid/plans')) });
  const yuanRule = { validator: (_: unknown, v?: string) => (!v || fenOf(v) !== null ? Promise.resolve() : Promise.reject(new Error(t('prepaid.amountBad')))) };

  async function save() {
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      const body: BodyOf<'/api/prepaid/accounts', 'post'> = { accountNo: v.accountNo.trim(), planCode: v.planCode, usageSource: v.usageSource };
      if (v.thresholdFen) body.thresholdFen = fenOf(v.thresholdFen)!;
      if (v.openingBalanceFen) body.openingBalanceFen = fenOf(v.openingBalanceFen)!;
      onSaved(await call(http.POST('/api/prepaid/accounts', { body })));
    } catch (e) {
      setError(applyFormErrors(form, e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open
      title={t('prepaid.enrollTitle')}
      onCancel={onClose}
      onOk={save}
      confirmLoading={busy}
      okText={t('prepaid.enroll')}
      cancelText={t('common.cancel')}
      okButtonProps={{ 'data-testid': 'prepaid-enroll-save' }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ usageSource: 'daily_totals' }} data-testid="prepaid-enroll-form">
        <Form.Item name="accountNo" label={t('prepaid.account')} rules={[{ required: true, whitespace: true, message: t('prepaid.accountRequired') }]}>
          <Input autoComplete="off" maxLength={40} />
        </Form.Item>
        <Form.Item name="planCode" label={t('prepaid.plan')} rules={[{ required: true, message: t('prepaid.planRequired') }]}>
          <Select
            loading={plans.isLoading}
            data-testid="prepaid-enroll-plan"
            options={(plans.data ?? []).map((p) => ({
              value: p.code,
              label: `${p.code} · ${p.pricesYuan.join(' / ')} ${t('prepaid.yuanPerKwh')}`,
            }))}
          />
        </Form.Item>
        <Form.Item name="usageSource" label={t('prepaid.usageSource')} extra={t('prepaid.usageSourceHelp')}>
          <Select
            options={(['daily_totals', 'meter_reads'] as const).map((s) => ({ value: s, label: t(`prepaid.usageSources.${s}`) }))}
            data-testid="prepaid-enroll-source"
          />
        </Form.Item>
        <Form.Item name="thresholdFen" label={t('prepaid.thresholdYuan')} extra={t('prepaid.thresholdDefault')} rules={[yuanRule]}>
          <Input inputMode="decimal" autoComplete="off" />
        </Form.Item>
        <Form.Item name="openingBalanceFen" label={t('prepaid.openingBalanceYuan')} rules={[yuanRule]}>
          <Input inputMode="decimal" autoComplete="off" />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon message={error} />}
    </Modal>
  );
}
