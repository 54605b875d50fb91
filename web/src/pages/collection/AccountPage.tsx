/**
 * An account's collection file (催费档案, docs/collection.md "Screens"): open bills with the late fee
 * explained per line, the risk score with its reasons, the actions of the workflow (notice, call,
 * stop order, waiver, installment agreement, bad-debt write-off) and the timeline of every step, waiver,
 * agreement and write-off.
 */
import { useState } from 'react';
import { App as AntApp, Button, Card, DatePicker, Descriptions, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Timeline, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { call, http, type Reply } from '../../api/http';
import { errorText } from '../../api/client';
import { LoadError } from '../../components/Problems';
import { fenOf, yuan } from '../../components/money';
import { RiskTag } from './BoardPage';

type File = Reply<'/api/collection/accounts/{accountId}', 'get'>;
type Bill = File['bills'][number];
type Dialog = null | 'notice' | 'serve' | 'call' | 'stop' | 'waiver' | 'installment' | 'writeOff';

export default function AccountPage() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const accountId = Number(useParams().accountId);
  const q = useQuery({
    queryKey: ['coll-account', accountId],
    queryFn: () => call(http.GET('/api/collection/accounts/{accountId}', { params: { path: { accountId } } })),
  });
  const [dialog, setDialog] = useState<Dialog>(null);
  const [serving, setServing] = useState<number | null>(null);
  const [form] = Form.useForm();
  if (q.error) return <LoadError error={q.error} />;
  const f = q.data;
  const path = { params: { path: { accountId } } };
  const submit = async () => {
    const v = await form.validateFields();
    const done = () => {
      setDialog(null);
      form.resetFields();
      return qc.invalidateQueries({ queryKey: ['coll-account', accountId] });
    };
    let p: Promise<unknown>;
    if (dialog === 'notice')
      p = call(
        http.POST('/api/collection/accounts/{accountId}/notices', {
          ...path,
          body: {
            method: v.method || undefined,
            servedOn: v.method ? v.servedOn?.format('YYYY-MM-DD') : undefined,
            servedTo: (v.method && v.servedTo) || undefined,
            note: v.note || undefined,
          },
        }),
      );
    else if (dialog === 'serve')
      p = call(
        http.POST('/api/collection/notices/{id}/served', {
          params: { path: { id: serving! } },
          body: { method: v.method, servedAt: v.servedAt ? v.servedAt.toISOString() : undefined, servedTo: v.servedTo || undefined, note: v.note || undefined },
        }),
      );
    else if (dialog === 'call')
      p = call(http.POST('/api/collection/accounts/{accountId}/calls', { ...path, body: { outcome: v.outcome, note: v.note || undefined } }));
    else if (dialog === 'stop') p = call(http.POST('/api/collection/accounts/{accountId}/stop-orders', { ...path, body: { note: v.note || undefined } }));
    else if (dialog === 'waiver')
      p = call(
        http.POST('/api/collection/accounts/{accountId}/waivers', {
          ...path,
          body: { billId: v.billId, amountFen: fenOf(String(v.amount)) ?? 0, reason: v.reason },
        }),
      );
    else if (dialog === 'writeOff') p = call(http.POST('/api/collection/accounts/{accountId}/write-offs', { ...path, body: { reason: v.reason } }));
    else
      p = call(
        http.POST('/api/collection/accounts/{accountId}/installments', {
          ...path,
          body: {
            items: (v.items as { dueOn: { format(f: string): string }; amount: string }[]).map((i) => ({
              dueOn: i.dueOn.format('YYYY-MM-DD'),
              amountFen: fenOf(String(i.amount)) ?? 0,
            })),
            note: v.note || undefined,
          },
        }),
      );
    await p.then(done).catch((e) => {
      message.error(errorText(e));
    });
  };
  const events = f
    ? [
        ...f.steps.map((s) => ({
          at: s.doneAt ?? s.createdAt,
          color: s.kind === 'stop_order' ? 'red' : s.kind === 'restore' ? 'green' : 'blue',
          text: (
            <span>
              <Tag>{t(`coll.kinds.${s.kind}`)}</Tag>
              {t(`coll.statuses.${s.status}`)}
              {s.noticeNo ? ` · ${s.noticeNo}` : ''}
              {s.servedOn
                ? ` · ${t('coll.servedOn')} ${s.servedAt ? s.servedAt.slice(0, 16).replace('T', ' ') : s.servedOn} · ${t('coll.stopFrom', { day: s.stopFrom })}`
                : ''}
              {s.servedTo ? ` · ${t('coll.servedTo')} ${s.servedTo}` : ''}
              {s.smsNotBefore ? ` · ${t('coll.smsQueued', { at: s.smsNotBefore.slice(0, 16).replace('T', ' ') })}` : ''}
              {s.method ? ` · ${s.kind === 'call' ? t(`coll.outcomes.${s.method}`) : t(`coll.methods.${s.method}`)}` : ''}
              {s.clockDueAt
                ? ` · ${t(`coll.clockStates.${s.clockState ?? 'running'}`)} ${t('coll.dueAt', { at: s.clockDueAt.slice(0, 16).replace('T', ' ') })}`
                : ''}
              {s.note ? ` · ${s.note}` : ''}
              {s.noticeNo && (
                <>
                  {' · '}
                  <a href={`/api/collection/notices/${s.id}/pdf`} target="_blank" rel="noreferrer" data-testid={`notice-pdf-${s.id}`}>
                    {t('coll.noticePdf')}
                  </a>
                </>
              )}
              {s.kind === 'notice' && s.status === 'issued' && (
                <>
                  {' · '}
                  <Button
                    size="small"
                    data-testid={`notice-serve-${s.id}`}
                    onClick={() => {
                      setServing(s.id);
                      setDialog('serve');
                    }}
                  >
                    {t('coll.recordServing')}
                  </Button>
                </>
              )}
            </span>
          ),
        })),
        ...f.waivers.map((w) => ({
          at: w.decidedAt ?? w.requestedAt,
          color: 'purple',
          text: (
            <span>
              {t('coll.waiverOf', { amount: yuan(w.amountFen), bill: w.billId })} · {t(`coll.waiverStatus.${w.status}`)} · {w.reason}
              {w.status === 'approved' && w.paidFen > 0 ? ` · ${t('coll.waiverCredited', { fen: yuan(w.paidFen) })}` : ''}
            </span>
          ),
        })),
        ...f.writeOffs.map((w) => ({
          at: w.decidedAt ?? w.requestedAt,
          color: 'black',
          text: (
            <span>
              <Tag color="default">{t('coll.writeOff')}</Tag>
              {t('coll.writeOffOf', { principal: yuan(w.principalFen), fee: yuan(w.lateFeeFen), bills: w.bills.map((b) => b.cycle).join('、') })} ·{' '}
              {t(`coll.waiverStatus.${w.status}`)} · {w.reason}
              {w.recoveredFen > 0 ? ` · ${t('coll.recovered', { fen: yuan(w.recoveredFen), left: yuan(w.outstandingFen) })}` : ''}
            </span>
          ),
        })),
        ...f.installments.map((g) => ({
          at: g.createdAt,
          color: g.status === 'broken' ? 'red' : 'gray',
          text: (
            <span>
              <Tag>{t('coll.installment')}</Tag>
              {t(`coll.installmentStatus.${g.status}`)} · {t('coll.paidOfDue', { paid: yuan(g.paidFen), due: yuan(g.dueFen), total: yuan(g.totalFen) })}
            </span>
          ),
        })),
      ].sort((a, b) => (a.at < b.at ? -1 : 1))
    : [];
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="coll-account">
      <Card
        loading={q.isLoading}
        title={f ? `${t('coll.account')} ${f.accountNo} · ${f.customerName}` : t('coll.account')}
        extra={
          <Space wrap>
            <Button data-testid="coll-notice" onClick={() => setDialog('notice')}>
              {t('coll.serveNotice')}
            </Button>
            <Button onClick={() => setDialog('call')}>{t('coll.recordCall')}</Button>
            <Button danger data-testid="coll-stop" onClick={() => setDialog('stop')}>
              {t('coll.stopOrder')}
            </Button>
            <Button onClick={() => setDialog('waiver')}>{t('coll.waive')}</Button>
            <Button onClick={() => setDialog('installment')}>{t('coll.newInstallment')}</Button>
            <Button danger data-testid="coll-write-off" onClick={() => setDialog('writeOff')}>
              {t('coll.proposeWriteOff')}
            </Button>
          </Space>
        }
      >
        {f && (
          <Descriptions size="small" column={{ xs: 1, md: 3 }}>
            <Descriptions.Item label={t('coll.arrears')}>
              {t('coll.totals', { principal: yuan(f.principalOwedFen), fee: yuan(f.feeDueFen), days: f.maxOverdueDays })}
            </Descriptions.Item>
            <Descriptions.Item label={t('coll.risk')}>
              <Space direction="vertical" size={0}>
                <RiskTag risk={f.risk} />
                {f.risk.reasons.map((r) => (
                  <Typography.Text key={r.code} type="secondary">
                    +{r.points} {r.zh} / {r.en}
                  </Typography.Text>
                ))}
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label="">
              <Space>
                <Tag color={f.supply === 'on' ? 'green' : 'red'}>{t(`coll.supply.${f.supply}`)}</Tag>
                {f.important && <Tag color="volcano">{t('coll.important')}</Tag>}
              </Space>
            </Descriptions.Item>
          </Descriptions>
        )}
        <Table<Bill>
          data-testid="coll-bills"
          size="small"
          rowKey="billId"
          pagination={false}
          dataSource={f?.bills ?? []}
          expandable={{
            expandedRowRender: (b) => (
              <Space direction="vertical" size={0}>
                {b.lateFee.lines.map((l) => (
                  <Typography.Text key={l.from}>
                    {t('coll.feeLine', {
                      from: l.from,
                      to: l.to,
                      days: l.days,
                      rate: l.rate,
                      base: yuan(l.baseFen),
                      exact: l.exactFen,
                      year: t(`coll.yearRates.${l.yearRate}`),
                    })}
                  </Typography.Text>
                ))}
                {b.lateFee.minimumApplied && <Typography.Text type="warning">{t('coll.minimum')}</Typography.Text>}
              </Space>
            ),
          }}
          columns={[
            { title: t('coll.cycle'), dataIndex: 'cycle' },
            { title: t('coll.dueDate'), dataIndex: 'dueDate' },
            { title: t('coll.overdueDays'), dataIndex: 'overdueDays', align: 'right' as const },
            { title: t('coll.principalOwed'), dataIndex: 'principalOwedFen', align: 'right' as const, render: yuan },
            { title: t('coll.lateFee'), render: (_: unknown, b: Bill) => yuan(b.lateFee.totalFen), align: 'right' as const },
            { title: t('coll.waived'), dataIndex: 'waivedFen', align: 'right' as const, render: yuan },
            { title: t('coll.feeDue'), dataIndex: 'feeDueFen', align: 'right' as const, render: yuan },
          ]}
        />
      </Card>
      <Card title={t('coll.timeline')} size="small">
        {events.length ? (
          <Timeline
            data-testid="coll-timeline"
            items={events.map((e) => ({
              color: e.color,
              children: (
                <span>
                  {e.at.slice(0, 16).replace('T', ' ')} · {e.text}
                </span>
              ),
            }))}
          />
        ) : (
          t('coll.empty')
        )}
      </Card>
      <Modal
        open={dialog !== null}
        title={
          dialog
            ? t(
                `coll.${{ notice: 'serveNotice', serve: 'recordServing', call: 'recordCall', stop: 'stopOrder', waiver: 'waive', installment: 'newInstallment', writeOff: 'proposeWriteOff' }[dialog]}`,
              )
            : ''
        }
        onOk={submit}
        onCancel={() => setDialog(null)}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false}>
          {dialog === 'notice' && (
            <>
              <Typography.Paragraph type="secondary">{t('coll.noticeHint')}</Typography.Paragraph>
              <Form.Item name="method" label={t('coll.method')}>
                <Select allowClear options={['in_person', 'registered_mail', 'posted_on_site'].map((m) => ({ value: m, label: t(`coll.methods.${m}`) }))} />
              </Form.Item>
              <Form.Item name="servedOn" label={t('coll.servedOn')}>
                <DatePicker />
              </Form.Item>
              <Form.Item name="servedTo" label={t('coll.servedTo')}>
                <Input maxLength={100} />
              </Form.Item>
            </>
          )}
          {dialog === 'serve' && (
            <>
              <Form.Item name="method" label={t('coll.method')} rules={[{ required: true }]}>
                <Select
                  data-testid="serve-method"
                  options={['in_person', 'registered_mail', 'posted_on_site'].map((m) => ({ value: m, label: t(`coll.methods.${m}`) }))}
                />
              </Form.Item>
              <Form.Item name="servedAt" label={t('coll.servedAt')}>
                <DatePicker showTime />
              </Form.Item>
              <Form.Item name="servedTo" label={t('coll.servedTo')}>
                <Input maxLength={100} data-testid="serve-to" />
              </Form.Item>
            </>
          )}
          {dialog === 'call' && (
            <Form.Item name="outcome" label={t('coll.outcome')} rules={[{ required: true }]}>
              <Select options={['reached', 'no_answer', 'promised_to_pay'].map((m) => ({ value: m, label: t(`coll.outcomes.${m}`) }))} />
            </Form.Item>
          )}
          {dialog === 'waiver' && (
            <>
              <Form.Item name="billId" label={t('coll.cycle')} rules={[{ required: true }]}>
                <Select
                  data-testid="coll-waiver-bill"
                  options={[
                    ...(f?.bills ?? [])
                      .filter((b) => b.feeDueFen > 0 && !(f?.chargedFees ?? []).some((c) => c.billId === b.billId))
                      .map((b) => ({ value: b.billId, label: `${b.cycle} · ${yuan(b.feeDueFen)}` })),
                    // fees already charged at payments, paid or not: a waiver of a paid fee credits the account (预收, refundable)
                    ...(f?.chargedFees ?? [])
                      .filter((c) => c.waivableFen > 0)
                      .map((c) => ({
                        value: c.billId,
                        label: `${c.cycle} · ${t('coll.waivable', { fen: yuan(c.waivableFen), charged: yuan(c.chargedFen), paid: yuan(c.paidFen) })}`,
                      })),
                  ]}
                />
              </Form.Item>
              <Form.Item name="amount" label={t('coll.waiveAmount')} rules={[{ required: true }]}>
                <InputNumber min="0.01" step="0.01" stringMode style={{ width: 200 }} />
              </Form.Item>
              <Form.Item name="reason" label={t('coll.reason')} rules={[{ required: true }]}>
                <Input.TextArea rows={2} maxLength={500} />
              </Form.Item>
            </>
          )}
          {dialog === 'writeOff' && (
            <>
              <Typography.Paragraph type="secondary">{t('coll.writeOffHint')}</Typography.Paragraph>
              <Form.Item name="reason" label={t('coll.reason')} rules={[{ required: true }]}>
                <Input.TextArea rows={2} maxLength={500} data-testid="coll-write-off-reason" />
              </Form.Item>
            </>
          )}
          {dialog === 'installment' && (
            <Form.List name="items" initialValue={[{}]}>
              {(fields, { add }) => (
                <>
                  {fields.map((fl) => (
                    <Space key={fl.key} align="baseline">
                      <Form.Item name={[fl.name, 'dueOn']} label={t('coll.itemDue')} rules={[{ required: true }]}>
                        <DatePicker />
                      </Form.Item>
                      <Form.Item name={[fl.name, 'amount']} label={t('coll.itemAmount')} rules={[{ required: true }]}>
                        <InputNumber min="0.01" step="0.01" stringMode />
                      </Form.Item>
                    </Space>
                  ))}
                  <Button onClick={() => add({})}>{t('coll.addItem')}</Button>
                </>
              )}
            </Form.List>
          )}
          {dialog !== 'waiver' && dialog !== 'writeOff' && (
            <Form.Item name="note" label={t('coll.note')}>
              <Input.TextArea rows={2} maxLength={500} />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </Space>
  );
}
