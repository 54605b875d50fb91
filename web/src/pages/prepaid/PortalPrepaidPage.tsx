/**
 * Portal: the customer's prepaid accounts (docs/prepaid.md) — balance, daily usage with its charge,
 * the low-balance threshold, and top-up through the online payment (POST /api/portal/payments/orders;
 * the gateway's pay page follows; the payment tops up the balance when the gateway confirms it).
 */
import { useState } from 'react';
import { App as AntApp, Button, Card, Descriptions, Empty, Form, Input, Select, Space, Table, Tag } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { call, http, type Reply } from '../../api/http';
import { applyFormErrors } from '../../components/formErrors';
import { LoadError } from '../../components/Problems';
import { fenOf, yuan } from '../../components/money';

type Account = Reply<'/api/portal/prepaid', 'get'>[number];
type Usage = Reply<'/api/portal/prepaid/{accountId}', 'get'>['usage'][number];

const STATE_COLOR: Record<string, string> = { ok: 'green', low: 'orange', below_zero: 'red' };

export default function PortalPrepaidPage() {
  const { t } = useTranslation();
  const list = useQuery({ queryKey: ['portal-prepaid'], queryFn: () => call(http.GET('/api/portal/prepaid')) });
  const [picked, setPicked] = useState<number | null>(null);
  const accountId = picked ?? list.data?.[0]?.accountId ?? null;
  if (list.error) return <LoadError error={list.error} />;
  if (list.data && list.data.length === 0)
    return (
      <Card title={t('prepaid.myAccounts')}>
        <Empty description={t('prepaid.none')} />
      </Card>
    );
  return (
    <Card
      title={t('prepaid.myAccounts')}
      loading={list.isLoading}
      extra={
        (list.data?.length ?? 0) > 1 ? (
          <Select<number>
            value={accountId ?? undefined}
            onChange={setPicked}
            options={(list.data ?? []).map((a: Account) => ({ value: a.accountId, label: a.accountNo }))}
            style={{ minWidth: 180 }}
          />
        ) : null
      }
    >
      {accountId !== null && <AccountView accountId={accountId} />}
    </Card>
  );
}

function AccountView({ accountId }: { accountId: number }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const detail = useQuery({
    queryKey: ['portal-prepaid', accountId],
    queryFn: () => call(http.GET('/api/portal/prepaid/{accountId}', { params: { path: { accountId } } })),
  });
  const [thForm] = Form.useForm<{ threshold: string }>();
  const [payForm] = Form.useForm<{ amount: string }>();
  const [busy, setBusy] = useState(false);
  if (detail.error) return <LoadError error={detail.error} />;
  const a = detail.data?.account;

  const saveThreshold = async ({ threshold }: { threshold: string }) => {
    const fen = fenOf(threshold);
    if (fen === null) return thForm.setFields([{ name: 'threshold', errors: [t('prepaid.amountBad')] }]);
    try {
      await call(http.PUT('/api/portal/prepaid/{accountId}/threshold', { params: { path: { accountId } }, body: { thresholdFen: fen } }));
      message.success(t('prepaid.thresholdSaved'));
      await qc.invalidateQueries({ queryKey: ['portal-prepaid'] });
    } catch (e) {
      message.error(applyFormErrors(thForm, e));
    }
  };
  const topUp = async ({ amount }: { amount: string }) => {
    const fen = fenOf(amount);
    if (fen === null || fen <= 0) return payForm.setFields([{ name: 'amount', errors: [t('prepaid.amountBad')] }]);
    setBusy(true);
    try {
      const order = await call(http.POST('/api/portal/payments/orders', { body: { accountId, amountFen: fen } }));
      if (order.payUrl) window.location.assign(order.payUrl);
    } catch (e) {
      message.error(applyFormErrors(payForm, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      <Descriptions bordered size="small" column={{ xs: 1, md: 3 }} data-testid="prepaid-balance">
        <Descriptions.Item label={t('prepaid.account')}>{a?.accountNo}</Descriptions.Item>
        <Descriptions.Item label={t('prepaid.balance')}>{a ? yuan(a.balanceFen) : ''}</Descriptions.Item>
        <Descriptions.Item label={t('prepaid.state')}>{a ? <Tag color={STATE_COLOR[a.state]}>{t(`prepaid.states.${a.state}`)}</Tag> : null}</Descriptions.Item>
        <Descriptions.Item label={t('prepaid.threshold')}>{a ? yuan(a.thresholdFen) : ''}</Descriptions.Item>
        <Descriptions.Item label={t('prepaid.supply')}>{a ? t(`prepaid.supplies.${a.supply}`) : ''}</Descriptions.Item>
        <Descriptions.Item label={t('prepaid.meter')}>{a?.meterNo}</Descriptions.Item>
      </Descriptions>
      <Space wrap align="start" size="large">
        <Form form={payForm} layout="inline" onFinish={(v) => void topUp(v)} data-testid="prepaid-topup">
          <Form.Item name="amount" label={t('prepaid.topUp')} rules={[{ required: true, message: t('prepaid.amountBad') }]}>
            <Input placeholder={t('prepaid.amount')} style={{ width: 140 }} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('prepaid.pay')}
          </Button>
        </Form>
        <Form form={thForm} layout="inline" onFinish={(v) => void saveThreshold(v)} data-testid="prepaid-threshold">
          <Form.Item name="threshold" label={t('prepaid.setThreshold')} rules={[{ required: true, message: t('prepaid.amountBad') }]}>
            <Input placeholder={t('prepaid.amount')} style={{ width: 140 }} />
          </Form.Item>
          <Button htmlType="submit">{t('common.save')}</Button>
        </Form>
      </Space>
      <Table<Usage>
        data-testid="prepaid-usage"
        title={() => t('prepaid.usage')}
        rowKey="day"
        size="small"
        loading={detail.isLoading}
        dataSource={detail.data?.usage ?? []}
        pagination={false}
        columns={[
          { title: t('prepaid.day'), dataIndex: 'day' },
          { title: t('prepaid.kwh'), dataIndex: 'kwh', align: 'right' as const },
          { title: t('prepaid.charge'), dataIndex: 'chargeFen', align: 'right' as const, render: (f: number | null) => (f === null ? '' : yuan(f)) },
          { title: t('prepaid.usageSource'), dataIndex: 'source', render: (s: string) => t(`prepaid.dayUsageSources.${s}`) },
        ]}
      />
    </Space>
  );
}
