/**
 * The service-hall counter (柜台收费): find an account by number, see what it owes bill by bill with
 * the late fee explained per line, take a payment (one client reference per form: a double submit
 * pays once), print the receipt, and the account's payment history with reversal requests.
 * Every figure comes from the payments API (src/modules/payments); amounts are integer fen.
 */
import { useState } from 'react';
import { Alert, App as AntApp, Button, Card, Checkbox, Descriptions, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { call, http, type Reply } from '../../api/http';
import { errorText } from '../../api/client';
import { applyFormErrors } from '../../components/formErrors';
import { LoadError } from '../../components/Problems';
import { fenOf, newReference, yuan } from './money';
import BillCreditsCard from './BillCreditsCard';

type Account = Reply<'/api/payments/accounts', 'get'>[number];
type Line = Reply<'/api/payments/accounts/{accountId}/arrears', 'get'>['lines'][number];
type Payment = Reply<'/api/payments/accounts/{accountId}/payments', 'get'>[number];

export function FeeExplanation({ line }: { line: Line }) {
  const { t } = useTranslation();
  const f = line.lateFee;
  if (!f.days) return <Typography.Text type="secondary">{t('pay.noFee')}</Typography.Text>;
  return (
    <div data-testid={`fee-${line.billId}`}>
      {f.lines.map((l) => (
        <div key={l.from}>{t('pay.feeLine', { from: l.from, to: l.to, days: l.days, rate: l.rate, base: yuan(l.baseFen), exact: l.exactFen })}</div>
      ))}
      <div>
        {t('pay.feeRounded', { exact: f.exactFen, rounded: yuan(f.roundedFen) })}
        {f.minimumApplied ? ` · ${t('pay.feeMinimum')}` : ''}
        {f.alreadyChargedFen ? ` · ${t('pay.feeCharged', { fen: yuan(f.alreadyChargedFen) })}` : ''}
      </div>
    </div>
  );
}

export function PaymentHistory({ accountId, canReverse }: { accountId: number; canReverse: boolean }) {
  const { t } = useTranslation();
  const { message, modal } = AntApp.useApp();
  const qc = useQueryClient();
  const q = useQuery({
    queryKey: ['payments', accountId],
    queryFn: () => call(http.GET('/api/payments/accounts/{accountId}/payments', { params: { path: { accountId } } })),
  });
  const reverse = (p: Payment) => {
    let reason = '';
    modal.confirm({
      title: `${t('pay.reverse')} ${p.receiptNo}`,
      content: <Input.TextArea rows={3} placeholder={t('pay.reason')} onChange={(e) => (reason = e.target.value)} />,
      onOk: () =>
        call(http.POST('/api/payments/{id}/reversal-requests', { params: { path: { id: p.id } }, body: { reason: reason || t('pay.reverse') } }))
          .then(() => {
            message.success(t('pay.requested'));
            return qc.invalidateQueries({ queryKey: ['payments', accountId] });
          })
          .catch((e) => {
            message.error(errorText(e));
          }),
    });
  };
  if (q.error) return <LoadError error={q.error} />;
  return (
    <Table<Payment>
      data-testid="payment-history"
      rowKey="id"
      size="small"
      loading={q.isLoading}
      dataSource={q.data ?? []}
      pagination={false}
      expandable={{
        expandedRowRender: (p) => (
          <Space direction="vertical">
            {p.allocations.map((a, i) => (
              <span key={i}>
                {t('pay.bill')} {a.billId} ({a.cycle}) · {t(`pay.kinds.${a.kind}`)} {yuan(a.amountFen)}
              </span>
            ))}
            {p.recoveries.map((r) => (
              <span key={`r${r.billId}`}>
                {t('pay.recoveredLine', { writeOffId: r.writeOffId, billId: r.billId, principal: yuan(r.principalFen), fee: yuan(r.lateFeeFen) })}
              </span>
            ))}
            {p.creditFen > 0 && (
              <span>
                {t('pay.creditPart')} {yuan(p.creditFen)}
              </span>
            )}
          </Space>
        ),
      }}
      columns={[
        { title: t('pay.receiptNo'), dataIndex: 'receiptNo' },
        { title: t('pay.paidOn'), dataIndex: 'paidOn' },
        { title: t('pay.channel'), dataIndex: 'channel', render: (c: string) => t(`pay.channels.${c}`, { defaultValue: c }) },
        { title: t('pay.method'), dataIndex: 'method', render: (m: string) => t(`pay.methods.${m}`, { defaultValue: m }) },
        { title: t('pay.amount'), dataIndex: 'amountFen', align: 'right' as const, render: yuan },
        { title: t('pay.principal'), dataIndex: 'principalFen', align: 'right' as const, render: yuan },
        { title: t('pay.lateFee'), dataIndex: 'lateFeeFen', align: 'right' as const, render: yuan },
        { title: t('pay.creditPart'), dataIndex: 'creditFen', align: 'right' as const, render: yuan },
        {
          title: t('pay.status'),
          dataIndex: 'status',
          render: (s: string, p: Payment) => (
            <Space size={4}>
              <Tag color={s === 'posted' ? 'green' : 'default'}>{t(`pay.statuses.${s}`)}</Tag>
              {p.closed && <Tag>{t('pay.closed')}</Tag>}
            </Space>
          ),
        },
        {
          title: t('common.actions'),
          render: (_: unknown, p: Payment) => (
            <Space>
              <a href={`/api/payments/${p.id}/receipt.pdf`} target="_blank" rel="noreferrer">
                {t('pay.receipt')}
              </a>
              {canReverse && p.status === 'posted' && !p.closed && (
                <Button size="small" onClick={() => reverse(p)}>
                  {t('pay.reverse')}
                </Button>
              )}
            </Space>
          ),
        },
      ]}
    />
  );
}

function Arrears({ account }: { account: Account }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<{ amount: string; method: 'cash' | 'card' | 'transfer'; confirmOverpay?: boolean }>();
  const [reference, setReference] = useState(newReference);
  const [result, setResult] = useState<Reply<'/api/payments/counter', 'post'> | null>(null);
  const [busy, setBusy] = useState(false);
  const accountId = account.accountId;
  const q = useQuery({
    queryKey: ['arrears', accountId],
    queryFn: () => call(http.GET('/api/payments/accounts/{accountId}/arrears', { params: { path: { accountId } } })),
  });
  const submit = async (v: { amount: string; method: 'cash' | 'card' | 'transfer'; confirmOverpay?: boolean }) => {
    setBusy(true);
    try {
      const r = await call(
        http.POST('/api/payments/counter', {
          body: { accountId, amountFen: fenOf(v.amount)!, method: v.method, reference, confirmOverpay: !!v.confirmOverpay },
        }),
      );
      setResult(r);
      message.success(t(r.replayed ? 'pay.replayed' : 'pay.paid', { receiptNo: r.receiptNo }));
      setReference(newReference());
      form.resetFields();
      await qc.invalidateQueries({ queryKey: ['arrears', accountId] });
      await qc.invalidateQueries({ queryKey: ['payments', accountId] });
      await qc.invalidateQueries({ queryKey: ['bill-credits', accountId] });
    } catch (e) {
      message.error(applyFormErrors(form, e));
    } finally {
      setBusy(false);
    }
  };
  if (q.error) return <LoadError error={q.error} />;
  const a = q.data;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card title={`${t('pay.arrears')} ${a ? t('pay.asOf', { day: a.asOf }) : ''}`} loading={q.isLoading}>
        {a && (
          <>
            <Descriptions size="small" column={3} data-testid="arrears-summary">
              <Descriptions.Item label={t('pay.account')}>{a.account.accountNo}</Descriptions.Item>
              <Descriptions.Item label={t('pay.customer')}>{a.account.customerName}</Descriptions.Item>
              <Descriptions.Item label={t('pay.feeOrder')}>{t(`pay.feeOrders.${a.feeOrder}`, { defaultValue: a.feeOrder })}</Descriptions.Item>
              <Descriptions.Item label={t('pay.owedNow')}>
                <b data-testid="total-owed">{yuan(a.totalOwedFen)}</b>
              </Descriptions.Item>
              <Descriptions.Item label={t('pay.credit')}>{yuan(a.creditFen)}</Descriptions.Item>
              <Descriptions.Item label={t('pay.balance')}>{yuan(a.balanceFen)}</Descriptions.Item>
              {a.recoverableFen > 0 && (
                <Descriptions.Item label={t('pay.recoverable')}>
                  <span data-testid="recoverable">{yuan(a.recoverableFen)}</span>
                </Descriptions.Item>
              )}
              {a.pendingCreditFen > 0 && (
                <Descriptions.Item label={t('pay.pendingCredit')}>
                  <span data-testid="pending-credit">{yuan(a.pendingCreditFen)}</span>
                </Descriptions.Item>
              )}
            </Descriptions>
            {a.lines.length === 0 ? (
              <Alert type="success" showIcon message={t('pay.nothingOwed')} />
            ) : (
              <Table<Line>
                data-testid="arrears-lines"
                rowKey="billId"
                size="small"
                pagination={false}
                dataSource={a.lines}
                expandable={{ expandedRowRender: (l) => <FeeExplanation line={l} />, defaultExpandAllRows: true }}
                columns={[
                  { title: t('pay.bill'), dataIndex: 'billId' },
                  { title: t('pay.cycle'), dataIndex: 'cycle' },
                  { title: t('pay.dueDate'), dataIndex: 'dueDate' },
                  { title: t('pay.billTotal'), dataIndex: 'totalFen', align: 'right' as const, render: yuan },
                  { title: t('pay.principalOwed'), dataIndex: 'principalOwedFen', align: 'right' as const, render: yuan },
                  { title: t('pay.feeOwed'), dataIndex: 'feeOwedFen', align: 'right' as const, render: yuan },
                  {
                    title: t('pay.feeDue'),
                    align: 'right' as const,
                    render: (_: unknown, l: Line) => `${yuan(l.lateFee.dueNowFen)}${l.lateFee.days ? ` (${t('pay.feeDays', { days: l.lateFee.days })})` : ''}`,
                  },
                  { title: t('pay.owedNow'), dataIndex: 'owedNowFen', align: 'right' as const, render: yuan },
                ]}
              />
            )}
            <Typography.Paragraph style={{ marginTop: 8 }}>
              {t('pay.totals', { principal: yuan(a.principalOwedFen), fee: yuan(a.lateFeeOwedFen), total: yuan(a.totalOwedFen) })}
            </Typography.Paragraph>
          </>
        )}
      </Card>
      <BillCreditsCard accountId={accountId} canApply />
      <Card title={t('pay.takePayment')}>
        <Form form={form} layout="inline" onFinish={submit} initialValues={{ method: 'cash' }} data-testid="pay-form">
          <Form.Item
            name="amount"
            label={t('pay.amount')}
            rules={[{ validator: (_, v: string) => (fenOf(v) ? Promise.resolve() : Promise.reject(new Error(t('pay.amountFormat')))) }]}
          >
            <Input style={{ width: 160 }} data-testid="pay-amount" />
          </Form.Item>
          <Form.Item name="method" label={t('pay.method')}>
            <Select
              style={{ width: 120 }}
              options={(['cash', 'card', 'transfer'] as const).map((m) => ({ value: m, label: t(`pay.methods.${m}`) }))}
              data-testid="pay-method"
            />
          </Form.Item>
          <Form.Item name="confirmOverpay" valuePropName="checked">
            <Checkbox>{t('pay.confirmOverpay')}</Checkbox>
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" loading={busy} data-testid="pay-submit">
              {t('pay.pay')}
            </Button>
          </Form.Item>
        </Form>
        {result && (
          <Alert
            style={{ marginTop: 12 }}
            type="success"
            showIcon
            data-testid="pay-result"
            message={t(result.replayed ? 'pay.replayed' : 'pay.paid', { receiptNo: result.receiptNo })}
            description={
              <Space direction="vertical">
                <span>
                  {t('pay.principal')} {yuan(result.principalFen)} · {t('pay.lateFee')} {yuan(result.lateFeeFen)} · {t('pay.creditPart')}{' '}
                  {yuan(result.creditFen)}
                </span>
                <a href={`/api/payments/${result.id}/receipt.pdf`} target="_blank" rel="noreferrer" data-testid="receipt-link">
                  {t('pay.receipt')}
                </a>
              </Space>
            }
          />
        )}
      </Card>
      <Card title={t('pay.history')}>
        <PaymentHistory accountId={accountId} canReverse />
      </Card>
    </Space>
  );
}

export default function CounterPage() {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [picked, setPicked] = useState<Account | null>(null);
  const found = useQuery({
    queryKey: ['pay-accounts', q],
    enabled: q.length > 0,
    queryFn: () => call(http.GET('/api/payments/accounts', { params: { query: { q } } })),
  });
  const list = found.data ?? [];
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card title={t('pay.counter')}>
        <Input.Search
          data-testid="account-search"
          placeholder={t('pay.searchAccount')}
          enterButton={t('common.search')}
          allowClear
          style={{ maxWidth: 420 }}
          onSearch={(v) => {
            setPicked(null);
            setQ(v.trim());
          }}
        />
        {found.error && <LoadError error={found.error} />}
        {q && found.isSuccess && list.length === 0 && <Alert style={{ marginTop: 12 }} type="info" message={t('pay.noAccount')} />}
        {list.length > 0 && (
          <Table<Account>
            style={{ marginTop: 12 }}
            data-testid="account-results"
            rowKey="accountId"
            size="small"
            pagination={false}
            dataSource={list}
            onRow={(a) => ({ onClick: () => setPicked(a), style: { cursor: 'pointer' } })}
            rowClassName={(a) => (a.accountId === picked?.accountId ? 'ant-table-row-selected' : '')}
            columns={[
              { title: t('pay.account'), dataIndex: 'accountNo' },
              { title: t('pay.customer'), dataIndex: 'customerName' },
              { title: t('pay.customerClass'), dataIndex: 'customerClass', render: (c: string) => t(`pay.classes.${c}`, { defaultValue: c }) },
            ]}
          />
        )}
      </Card>
      {picked && <Arrears key={picked.accountId} account={picked} />}
    </Space>
  );
}
