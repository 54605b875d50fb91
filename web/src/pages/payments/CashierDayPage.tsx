/**
 * The cashier's day and its close (日结): the day's counter payments, the system's totals by method,
 * and the close — the cashier declares what was counted per method; the server compares to the fen,
 * records any difference and locks the day.
 */
import { useState } from 'react';
import { Alert, App as AntApp, Button, Card, DatePicker, Form, Input, Space, Table, Tag } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { call, http, type Reply } from '../../api/http';
import { applyFormErrors } from '../../components/formErrors';
import { LoadError } from '../../components/Problems';
import { fenOf, yuan } from './money';

type Day = Reply<'/api/payments/cashier/day', 'get'>;
type Payment = Day['payments'][number];
type Close = NonNullable<Day['close']>;
const METHODS = ['cash', 'card', 'transfer'] as const;

export default function CashierDayPage() {
  const { t } = useTranslation();
  const { modal, message } = AntApp.useApp();
  const qc = useQueryClient();
  const [day, setDay] = useState<string | undefined>(undefined);
  const [form] = Form.useForm<Record<(typeof METHODS)[number], string> & { note?: string }>();
  const q = useQuery({ queryKey: ['cashier-day', day ?? 'today'], queryFn: () => call(http.GET('/api/payments/cashier/day', { params: { query: { day } } })) });
  const d = q.data;
  const close = (v: Record<(typeof METHODS)[number], string> & { note?: string }) =>
    modal.confirm({
      title: t('pay.closeDay'),
      content: t('pay.closeConfirm'),
      onOk: () =>
        call(
          http.POST('/api/payments/cashier/close', {
            body: { day: d!.day, declared: { cash: fenOf(v.cash)!, card: fenOf(v.card)!, transfer: fenOf(v.transfer)! }, ...(v.note ? { note: v.note } : {}) },
          }),
        )
          .then(() => qc.invalidateQueries({ queryKey: ['cashier-day'] }))
          .catch((e) => {
            message.error(applyFormErrors(form, e));
          }),
    });
  if (q.error) return <LoadError error={q.error} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card
        title={d ? t('pay.dayOf', { day: d.day }) : t('pay.day')}
        loading={q.isLoading}
        extra={
          <DatePicker
            allowClear
            data-testid="day-picker"
            value={day ? dayjs(day) : null}
            onChange={(v) => setDay(v ? v.format('YYYY-MM-DD') : undefined)}
            disabledDate={(v) => v.isAfter(dayjs(), 'day')}
          />
        }
      >
        {d && (
          <Table<Payment>
            data-testid="day-payments"
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={d.payments}
            columns={[
              { title: t('pay.receiptNo'), dataIndex: 'receiptNo' },
              { title: t('pay.account'), dataIndex: 'accountNo' },
              { title: t('pay.method'), dataIndex: 'method', render: (m: string) => t(`pay.methods.${m}`, { defaultValue: m }) },
              { title: t('pay.amount'), dataIndex: 'amountFen', align: 'right' as const, render: yuan },
              {
                title: t('pay.status'),
                dataIndex: 'status',
                render: (s: string) => <Tag color={s === 'posted' ? 'green' : 'default'}>{t(`pay.statuses.${s}`)}</Tag>,
              },
              {
                title: t('common.actions'),
                render: (_: unknown, p: Payment) => (
                  <a href={`/api/payments/${p.id}/receipt.pdf`} target="_blank" rel="noreferrer">
                    {t('pay.receipt')}
                  </a>
                ),
              },
            ]}
          />
        )}
      </Card>
      {d && (
        <Card title={t('pay.closeDay')}>
          {d.close ? (
            <CloseResult close={d.close} />
          ) : (
            <Form form={form} layout="vertical" onFinish={close} data-testid="close-form" style={{ maxWidth: 640 }}>
              <Table
                size="small"
                pagination={false}
                rowKey="method"
                dataSource={METHODS.map((m) => ({ method: m, systemFen: d.totals[m] }))}
                columns={[
                  { title: t('pay.method'), dataIndex: 'method', render: (m: string) => t(`pay.methods.${m}`) },
                  { title: t('pay.systemTotal'), dataIndex: 'systemFen', align: 'right' as const, render: yuan },
                  {
                    title: t('pay.declared'),
                    render: (_: unknown, r: { method: (typeof METHODS)[number] }) => (
                      <Form.Item
                        name={r.method}
                        style={{ margin: 0 }}
                        rules={[{ validator: (_r, v: string) => (fenOf(v) !== null ? Promise.resolve() : Promise.reject(new Error(t('pay.amountFormat')))) }]}
                      >
                        <Input data-testid={`declared-${r.method}`} />
                      </Form.Item>
                    ),
                  },
                ]}
              />
              <Form.Item name="note" label={t('pay.note')} style={{ marginTop: 12 }}>
                <Input.TextArea rows={2} maxLength={500} />
              </Form.Item>
              <Button type="primary" htmlType="submit" data-testid="close-submit">
                {t('pay.closeDay')}
              </Button>
            </Form>
          )}
        </Card>
      )}
    </Space>
  );
}

function CloseResult({ close }: { close: Close }) {
  const { t } = useTranslation();
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="close-result">
      <Alert type={close.balanced ? 'success' : 'warning'} showIcon message={close.balanced ? t('pay.balanced') : t('pay.unbalanced')} />
      <Table
        size="small"
        pagination={false}
        rowKey="method"
        dataSource={close.lines}
        columns={[
          { title: t('pay.method'), dataIndex: 'method', render: (m: string) => t(`pay.methods.${m}`) },
          { title: t('pay.systemTotal'), dataIndex: 'systemFen', align: 'right' as const, render: yuan },
          { title: t('pay.declared'), dataIndex: 'declaredFen', align: 'right' as const, render: yuan },
          { title: t('pay.difference'), dataIndex: 'differenceFen', align: 'right' as const, render: (f: number) => <b>{yuan(f)}</b> },
        ]}
      />
    </Space>
  );
}
