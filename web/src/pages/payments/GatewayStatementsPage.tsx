/**
 * The payment gateway's daily statements (对账单): import a day's statement (downloaded from the gateway,
 * reconciled against our online payments, the matched ones settled to the bank), the statements with their
 * figures, and the exceptions — unknown orders, mismatches, payments missing at the gateway, refunds not
 * ours, lines not confirmed — each with its reasons and a clerk's note once looked into. A posted exception's balance
 * (224106 / 122106) is cleared by asking for a clearance (refund the payer, recover from the gateway, write off) that
 * a second person approves on the approvals page.
 */
import { useState } from 'react';
import { App as AntApp, Button, Card, DatePicker, Input, Select, Space, Switch, Table, Tag } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { call, http, type Reply } from '../../api/http';
import { errorText } from '../../api/client';
import { LoadError } from '../../components/Problems';
import { yuan } from './money';

type Statement = Reply<'/api/payments/gateway/statements', 'get'>[number];
type Line = Reply<'/api/payments/gateway/exceptions', 'get'>[number];
type Fetch = Reply<'/api/payments/gateway/statement-fetches', 'get'>[number];

export default function GatewayStatementsPage() {
  const { t } = useTranslation();
  const { message, modal } = AntApp.useApp();
  const qc = useQueryClient();
  const [day, setDay] = useState<Dayjs>(dayjs().subtract(1, 'day'));
  const [openOnly, setOpenOnly] = useState(true);
  const [busy, setBusy] = useState(false);
  const statements = useQuery({ queryKey: ['gw-statements'], queryFn: () => call(http.GET('/api/payments/gateway/statements')) });
  const exceptions = useQuery({
    queryKey: ['gw-exceptions', openOnly],
    queryFn: () => call(http.GET('/api/payments/gateway/exceptions', { params: { query: { open: openOnly } } })),
  });
  const fetches = useQuery({ queryKey: ['gw-fetches'], queryFn: () => call(http.GET('/api/payments/gateway/statement-fetches')) });
  const refresh = () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: ['gw-statements'] }),
      qc.invalidateQueries({ queryKey: ['gw-exceptions'] }),
      qc.invalidateQueries({ queryKey: ['gw-fetches'] }),
    ]);
  const importDay = () => {
    setBusy(true);
    call(http.POST('/api/payments/gateway/statements', { body: { date: day.format('YYYY-MM-DD') } }))
      .then((s) => {
        message.success(
          s.replayed
            ? t('pay.gw.replayed', { date: s.date })
            : t('pay.gw.imported', { date: s.date, matched: s.matched + s.credited, exceptions: s.exceptions }),
        );
        return refresh();
      })
      .catch((e) => {
        message.error(errorText(e));
      })
      .finally(() => setBusy(false));
  };
  const resolve = (l: Line) => {
    let text = '';
    modal.confirm({
      title: t('pay.gw.resolve'),
      content: <Input.TextArea rows={3} maxLength={500} placeholder={t('pay.gw.resolution')} onChange={(e) => (text = e.target.value)} />,
      onOk: () =>
        call(http.POST('/api/payments/gateway/exceptions/{id}/resolve', { params: { path: { id: l.id } }, body: { resolution: text || '-' } }))
          .then(refresh)
          .catch((e) => {
            message.error(errorText(e));
          }),
    });
  };
  const clear = (l: Line) => {
    const body: { action?: 'refund_payer' | 'recover_from_gateway' | 'write_off'; reason: string; externalRef?: string } = { reason: '' };
    modal.confirm({
      title: t('pay.gw.clear'),
      width: 520,
      content: (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Select
            style={{ width: '100%' }}
            placeholder={t('pay.gw.clearAction')}
            data-testid="gw-clear-action"
            onChange={(v: 'refund_payer' | 'recover_from_gateway' | 'write_off') => (body.action = v)}
            options={(['refund_payer', 'recover_from_gateway', 'write_off'] as const).map((a) => ({ value: a, label: t(`pay.gw.clearActions.${a}`) }))}
          />
          <Input.TextArea rows={3} maxLength={500} placeholder={t('pay.gw.clearReason')} onChange={(e) => (body.reason = e.target.value)} />
          <Input maxLength={64} placeholder={t('pay.gw.clearRef')} onChange={(e) => (body.externalRef = e.target.value || undefined)} />
        </Space>
      ),
      onOk: () =>
        call(
          http.POST('/api/payments/gateway/exceptions/{id}/clearances', {
            params: { path: { id: l.id } },
            body: { action: body.action ?? 'write_off', reason: body.reason || '-', ...(body.externalRef ? { externalRef: body.externalRef } : {}) },
          }),
        )
          .then(() => {
            message.success(t('pay.gw.clearAsked'));
            return refresh();
          })
          .catch((e) => {
            message.error(errorText(e));
          }),
    });
  };
  if (statements.error) return <LoadError error={statements.error} />;
  if (exceptions.error) return <LoadError error={exceptions.error} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card
        title={t('pay.gw.title')}
        extra={
          <Space>
            <DatePicker value={day} onChange={(v) => v && setDay(v)} allowClear={false} disabledDate={(v) => v.isAfter(dayjs(), 'day')} data-testid="gw-day" />
            <Button type="primary" loading={busy} onClick={importDay} data-testid="gw-import">
              {t('pay.gw.import')}
            </Button>
          </Space>
        }
      >
        <Table<Statement>
          data-testid="gw-statements"
          rowKey="id"
          size="small"
          loading={statements.isLoading}
          dataSource={statements.data ?? []}
          pagination={false}
          columns={[
            { title: t('pay.gw.date'), dataIndex: 'date' },
            { title: t('pay.gw.lines'), dataIndex: 'lines', align: 'right' as const },
            { title: t('pay.gw.gross'), dataIndex: 'grossFen', align: 'right' as const, render: yuan },
            { title: t('pay.gw.refunds'), dataIndex: 'refundFen', align: 'right' as const, render: yuan },
            { title: t('pay.gw.fees'), dataIndex: 'feeFen', align: 'right' as const, render: yuan },
            { title: t('pay.gw.net'), dataIndex: 'netFen', align: 'right' as const, render: yuan },
            { title: t('pay.gw.matched'), render: (_: unknown, s: Statement) => `${s.matched} + ${s.credited}` },
            { title: t('pay.gw.exceptions'), dataIndex: 'exceptions', render: (n: number) => <Tag color={n ? 'red' : 'green'}>{n}</Tag> },
            {
              title: t('pay.gw.settled'),
              render: (_: unknown, s: Statement) => `${yuan(s.settledGrossFen - s.settledFeeFen)}（${t('pay.gw.fees')} ${yuan(s.settledFeeFen)}）`,
            },
          ]}
        />
      </Card>
      <Card
        title={t('pay.gw.exceptionsTitle')}
        extra={
          <Space>
            {t('pay.gw.openOnly')}
            <Switch checked={openOnly} onChange={setOpenOnly} />
          </Space>
        }
      >
        <Table<Line>
          data-testid="gw-exceptions"
          rowKey="id"
          size="small"
          loading={exceptions.isLoading}
          dataSource={exceptions.data ?? []}
          pagination={{ pageSize: 50 }}
          columns={[
            { title: t('pay.gw.outcome'), dataIndex: 'outcome', render: (o: string) => <Tag color="red">{t(`pay.gw.outcomes.${o}`)}</Tag> },
            { title: t('pay.online.orderNo'), dataIndex: 'orderNo' },
            { title: t('pay.gw.txn'), render: (_: unknown, l: Line) => l.gatewayTxnId ?? l.refundNo ?? '' },
            { title: t('pay.amount'), dataIndex: 'amountFen', align: 'right' as const, render: yuan },
            { title: t('pay.gw.reasons'), render: (_: unknown, l: Line) => l.reasons.join('；') },
            { title: t('pay.gw.posted'), render: (_: unknown, l: Line) => l.ledgerSource ?? t('pay.gw.notPosted') },
            {
              title: t('common.actions'),
              render: (_: unknown, l: Line) => (
                <Space wrap>
                  {l.resolvedAt ? (
                    `${t('pay.gw.resolved')}：${l.resolution ?? ''}`
                  ) : (
                    <Button size="small" onClick={() => resolve(l)}>
                      {t('pay.gw.resolve')}
                    </Button>
                  )}
                  {l.ledgerSource?.startsWith('gwdiff:') && (
                    <Button size="small" onClick={() => clear(l)} data-testid={`gw-clear-${l.id}`}>
                      {t('pay.gw.clear')}
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      {(fetches.data ?? []).length > 0 && (
        <Card title={t('pay.gw.fetchTitle')}>
          <Table<Fetch>
            data-testid="gw-fetches"
            rowKey="date"
            size="small"
            dataSource={fetches.data ?? []}
            pagination={false}
            columns={[
              { title: t('pay.gw.date'), dataIndex: 'date' },
              {
                title: t('pay.gw.fetchStatus'),
                dataIndex: 'status',
                render: (v: Fetch['status']) => (
                  <Tag color={v === 'done' ? 'green' : v === 'given_up' ? 'red' : 'orange'}>{t(`pay.gw.fetchStatuses.${v}`)}</Tag>
                ),
              },
              { title: t('pay.gw.attempts'), dataIndex: 'attempts', align: 'right' as const },
              { title: t('pay.gw.lastError'), render: (_: unknown, f: Fetch) => f.lastError ?? '' },
              { title: t('pay.gw.nextAttempt'), render: (_: unknown, f: Fetch) => (f.nextAttemptAt ? dayjs(f.nextAttemptAt).format('YYYY-MM-DD HH:mm') : '') },
            ]}
          />
        </Card>
      )}
    </Space>
  );
}
