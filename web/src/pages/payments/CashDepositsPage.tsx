/**
 * Deposit of counter cash (现金解款): the closes whose cash is not yet at the bank, the deposit slip
 * (bank, slip number, amount, time) recorded against the closes chosen; a slip that differs from their
 * cash waits for another person's approval (shortage / overage), which is decided here too.
 * The slip form is shown to those who take payments (payments.collect), the decision buttons to those
 * who approve (payments.approve): the same page serves the cashier and the supervisor.
 */
import { useState } from 'react';
import { App as AntApp, Button, Card, DatePicker, Form, Input, InputNumber, Space, Table, Tag, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { call, http, type Reply } from '../../api/http';
import { applyFormErrors } from '../../components/formErrors';
import { LoadError } from '../../components/Problems';
import { decisionColumn, useDecide } from './decisions';
import { useAuth } from '../../app/auth';
import { fenOf, yuan } from './money';

type Close = Reply<'/api/payments/cash-deposits/closes', 'get'>[number];
type Deposit = Reply<'/api/payments/cash-deposits', 'get'>[number];

export default function CashDepositsPage() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const { can } = useAuth();
  // a cashier or clerk records slips; a supervisor decides the slips that differ from their closes' cash
  const canRecord = can('payments.collect');
  const canDecide = can('payments.approve');
  const [form] = Form.useForm<{ bankName: string; slipRef: string; amount: string; depositedAt: Dayjs; note?: string }>();
  const [chosen, setChosen] = useState<number[]>([]);
  const closes = useQuery({ queryKey: ['deposit-closes'], queryFn: () => call(http.GET('/api/payments/cash-deposits/closes')), enabled: canRecord });
  const deposits = useQuery({ queryKey: ['deposits'], queryFn: () => call(http.GET('/api/payments/cash-deposits')) });
  const refresh = () => Promise.all([qc.invalidateQueries({ queryKey: ['deposit-closes'] }), qc.invalidateQueries({ queryKey: ['deposits'] })]);
  const chosenCash = (closes.data ?? []).filter((c) => chosen.includes(c.closeId)).reduce((s, c) => s + c.cashFen, 0);
  const submit = (v: { bankName: string; slipRef: string; amount: string; depositedAt: Dayjs; note?: string }) =>
    call(
      http.POST('/api/payments/cash-deposits', {
        body: {
          bankName: v.bankName,
          slipRef: v.slipRef,
          amountFen: fenOf(String(v.amount)) ?? 0,
          depositedAt: v.depositedAt.toISOString(),
          closeIds: chosen,
          ...(v.note ? { note: v.note } : {}),
        },
      }),
    )
      .then((d) => {
        message.success(d.status === 'posted' ? t('pay.dep.posted') : t('pay.dep.pending', { diff: yuan(d.differenceFen) }));
        form.resetFields();
        setChosen([]);
        return refresh();
      })
      .catch((e) => {
        message.error(applyFormErrors(form, e));
      });
  const decide = useDecide(
    (id, approve, body) =>
      call(http.POST(approve ? '/api/payments/cash-deposits/{id}/approve' : '/api/payments/cash-deposits/{id}/reject', { params: { path: { id } }, body })),
    refresh,
  );
  if (closes.error) return <LoadError error={closes.error} />;
  if (deposits.error) return <LoadError error={deposits.error} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {canRecord && (
        <Card title={t('pay.dep.closes')} loading={closes.isLoading}>
          <Table<Close>
            data-testid="deposit-closes"
            rowKey="closeId"
            size="small"
            pagination={false}
            dataSource={closes.data ?? []}
            rowSelection={{ selectedRowKeys: chosen, onChange: (keys) => setChosen(keys.map(Number)) }}
            columns={[
              { title: t('pay.dep.close'), dataIndex: 'closeId' },
              { title: t('pay.pickDay'), dataIndex: 'day' },
              { title: t('pay.dep.cashier'), dataIndex: 'cashierName', render: (v: string | null, c: Close) => v ?? c.cashierId },
              { title: t('pay.dep.cash'), dataIndex: 'cashFen', align: 'right' as const, render: yuan },
            ]}
          />
          <Typography.Paragraph style={{ marginTop: 12 }}>{t('pay.dep.chosen', { n: chosen.length, cash: yuan(chosenCash) })}</Typography.Paragraph>
          <Form form={form} layout="inline" onFinish={submit} initialValues={{ depositedAt: dayjs() }}>
            <Form.Item name="bankName" label={t('pay.dep.bank')} rules={[{ required: true }]}>
              <Input maxLength={100} data-testid="deposit-bank" />
            </Form.Item>
            <Form.Item name="slipRef" label={t('pay.dep.slip')} rules={[{ required: true }]}>
              <Input maxLength={64} data-testid="deposit-slip" />
            </Form.Item>
            <Form.Item name="amount" label={t('pay.dep.amount')} rules={[{ required: true }]}>
              <InputNumber min="0.01" step="0.01" stringMode data-testid="deposit-amount" />
            </Form.Item>
            <Form.Item name="depositedAt" label={t('pay.dep.at')} rules={[{ required: true }]}>
              <DatePicker showTime />
            </Form.Item>
            <Form.Item name="note" label={t('pay.note')}>
              <Input maxLength={500} />
            </Form.Item>
            <Button type="primary" htmlType="submit" disabled={!chosen.length} data-testid="deposit-submit">
              {t('pay.dep.record')}
            </Button>
          </Form>
        </Card>
      )}
      <Card title={t('pay.dep.title')}>
        <Table<Deposit>
          data-testid="deposits"
          rowKey="id"
          size="small"
          loading={deposits.isLoading}
          dataSource={deposits.data ?? []}
          pagination={false}
          columns={[
            { title: t('pay.dep.slip'), dataIndex: 'slipRef' },
            { title: t('pay.dep.bank'), dataIndex: 'bankName' },
            { title: t('pay.dep.at'), dataIndex: 'depositedAt', render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm') },
            { title: t('pay.dep.amount'), dataIndex: 'amountFen', align: 'right' as const, render: yuan },
            { title: t('pay.dep.expected'), dataIndex: 'expectedFen', align: 'right' as const, render: yuan },
            {
              title: t('pay.dep.difference'),
              dataIndex: 'differenceFen',
              align: 'right' as const,
              render: (v: number) =>
                v === 0 ? (
                  yuan(0)
                ) : (
                  <Tag color={v < 0 ? 'red' : 'orange'}>{`${v < 0 ? t('pay.dep.shortage') : t('pay.dep.overage')} ${yuan(Math.abs(v))}`}</Tag>
                ),
            },
            { title: t('pay.dep.closes'), render: (_: unknown, d: Deposit) => d.closes.map((c) => `${c.day} ${c.cashierName ?? c.cashierId}`).join('；') },
            {
              title: t('pay.status'),
              dataIndex: 'status',
              render: (s: string) => <Tag color={s === 'posted' ? 'green' : s === 'rejected' ? 'default' : 'gold'}>{t(`pay.dep.statuses.${s}`)}</Tag>,
            },
            ...(canDecide ? [decisionColumn<Deposit>(t, decide, (d) => d.status === 'pending_approval')] : []),
          ]}
        />
      </Card>
    </Space>
  );
}
