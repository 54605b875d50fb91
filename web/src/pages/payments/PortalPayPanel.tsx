/**
 * Portal: pay online (docs/payments.md, "Online payment"). For each of the customer's own accounts, what it
 * owes today and its credit, and a pay button: the amount (yuan typed → integer fen by string arithmetic;
 * what is owed by default, more becomes credit — a top-up) → an order at the gateway → the browser goes to
 * the gateway's pay URL, which brings it back to the result page. With no gateway configured the
 * button says online payment is off.
 */
import { useState } from 'react';
import { Alert, App as AntApp, Button, Card, Form, Input, Modal, Table } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { call, http, type Reply } from '../../api/http';
import { errorText } from '../../api/client';
import { LoadError } from '../../components/Problems';
import { fenOf, yuan } from './money';

type Account = Reply<'/api/portal/payments/online', 'get'>['accounts'][number];

export default function PortalPayPanel() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const q = useQuery({ queryKey: ['portal-pay-info'], queryFn: () => call(http.GET('/api/portal/payments/online')) });
  const [paying, setPaying] = useState<Account | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ amount: string }>();
  if (q.error) return <LoadError error={q.error} />;
  const info = q.data;
  const open = (a: Account) => {
    setPaying(a);
    form.setFieldsValue({ amount: a.totalOwedFen > 0 ? yuan(a.totalOwedFen).replace(/[^0-9.]/g, '') : '' });
  };
  const submit = async ({ amount }: { amount: string }) => {
    if (!paying) return;
    setBusy(true);
    try {
      const order = await call(http.POST('/api/portal/payments/orders', { body: { accountId: paying.accountId, amountFen: fenOf(amount)! } }));
      if (!order.payUrl) throw new Error(t('pay.online.noPayUrl'));
      window.location.assign(order.payUrl);
    } catch (e) {
      message.error(errorText(e));
      setBusy(false);
    }
  };
  return (
    <Card title={t('pay.online.title')} loading={q.isLoading} data-testid="portal-pay">
      {info && !info.enabled && (
        <Alert
          type="info"
          showIcon
          message={t('pay.online.off')}
          action={
            <Button disabled data-testid="portal-pay-off">
              {t('pay.online.offButton')}
            </Button>
          }
        />
      )}
      {info && (
        <Table<Account>
          rowKey="accountId"
          size="small"
          pagination={false}
          dataSource={info.accounts}
          columns={[
            { title: t('pay.account'), dataIndex: 'accountNo' },
            { title: t('pay.owedNow'), dataIndex: 'totalOwedFen', align: 'right' as const, render: yuan },
            { title: t('pay.credit'), dataIndex: 'creditFen', align: 'right' as const, render: yuan },
            {
              title: '',
              render: (_: unknown, a: Account) =>
                info.enabled ? (
                  <Button type="primary" data-testid={`portal-pay-${a.accountNo}`} onClick={() => open(a)}>
                    {a.totalOwedFen > 0 ? t('pay.online.payButton') : t('pay.online.topUpButton')}
                  </Button>
                ) : (
                  <Button disabled>{t('pay.online.offButton')}</Button>
                ),
            },
          ]}
        />
      )}
      <Modal
        open={paying !== null}
        title={t('pay.online.modalTitle', { accountNo: paying?.accountNo ?? '' })}
        okText={t('pay.online.goPay')}
        okButtonProps={{ loading: busy, 'data-testid': 'portal-pay-go' }}
        onOk={() => form.submit()}
        onCancel={() => setPaying(null)}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={submit}>
          <Form.Item
            name="amount"
            label={t('pay.amount')}
            extra={t('pay.online.amountHint')}
            rules={[
              { required: true, validator: async (_, v: string) => ((fenOf(v) ?? 0) > 0 ? undefined : Promise.reject(new Error(t('pay.amountFormat')))) },
            ]}
          >
            <Input data-testid="portal-pay-amount" inputMode="decimal" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
