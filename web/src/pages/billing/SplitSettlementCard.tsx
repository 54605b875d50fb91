/**
 * Split settlement (分次结算) of an account: its agreement (days of the month, shares of last month's
 * amount, the agreed monthly amount, the payment term) and issuing an interim bill. The interim bills
 * themselves appear in the account's bill list; the month-end bill of the bill run nets them.
 * With the basis 'reading' (分次抄表) the days are reading days: each interim bill charges the consumption read
 * that day since the previous reading, and the card lists the cycle's reading days with their readings and bills.
 */
import { useEffect, useState } from 'react';
import { App as AntApp, Button, Card, Form, Input, InputNumber, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { call, http, type Reply } from '../../api/http';
import { errorText } from '../../api/client';
import { applyFormErrors } from '../../components/formErrors';
import { fenOf, yuan, yuanPlain } from '../../components/money';
import { LoadError } from '../../components/Problems';

type Basis = 'share' | 'reading';
interface AgreementForm {
  basis: Basis;
  days: string;
  sharePct: string;
  expectedMonthlyFen: string;
  paymentDays: number;
  active: boolean;
}

const list = (s: string) =>
  s
    .split(/[,，\s]+/)
    .map((x) => x.trim())
    .filter(Boolean);

/** This month (YYYY-MM, China Standard Time): the cycle an interim bill is usually issued for. */
const thisCycle = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);

export default function SplitSettlementCard({ accountId }: { accountId: number }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<AgreementForm>();
  const [issueForm] = Form.useForm<{ cycle: string; interimNo: number }>();
  const q = useQuery({
    queryKey: ['split', accountId],
    queryFn: () => call(http.GET('/api/billing/accounts/{accountId}/split-settlement', { params: { path: { accountId } } })),
  });
  const a = q.data?.agreement ?? null;
  const policy = q.data?.policy;
  const basis = (Form.useWatch('basis', form) as Basis | undefined) ?? a?.basis ?? 'share';
  useEffect(() => {
    if (!q.data) return;
    form.setFieldsValue({
      basis: a?.basis ?? 'share',
      days: (a?.days ?? []).join(','),
      sharePct: (a?.sharePct ?? []).join(','),
      expectedMonthlyFen: a?.expectedMonthlyFen == null ? '' : yuanPlain(a.expectedMonthlyFen).replaceAll(',', ''),
      paymentDays: a?.paymentDays ?? q.data.policy.paymentDays,
      active: a?.active ?? true,
    });
  }, [q.data, a, form]);
  const save = useMutation({
    mutationFn: (v: AgreementForm) =>
      call(
        http.PUT('/api/billing/accounts/{accountId}/split-settlement', {
          params: { path: { accountId } },
          body: {
            basis: v.basis,
            days: list(v.days).map(Number),
            sharePct: v.basis === 'reading' ? [] : list(v.sharePct ?? ''),
            // a typed amount that is not yuan with at most two decimals is sent as 0 fen: the server names the field
            expectedMonthlyFen: v.basis === 'reading' || (v.expectedMonthlyFen ?? '').trim() === '' ? null : (fenOf(v.expectedMonthlyFen) ?? 0),
            paymentDays: v.paymentDays,
            active: v.active,
          },
        }),
      ),
    onSuccess: () => {
      message.success(t('billrun.split.saved'));
      return qc.invalidateQueries({ queryKey: ['split', accountId] });
    },
    // not returned: a message is a thenable that settles when it closes, and the mutation would stay pending (the
    // button spinning, a new click ignored) until then
    onError: (e) => {
      message.error(applyFormErrors(form, e));
    },
  });
  const issue = useMutation({
    mutationFn: (v: { cycle: string; interimNo: number }) =>
      call(http.POST('/api/billing/accounts/{accountId}/interim-bills', { params: { path: { accountId } }, body: v })),
    onSuccess: (r) => {
      const no = r.bill.interimNo ?? 0;
      if (r.created) message.success(t('billrun.split.issued', { no, id: r.bill.id, amount: yuan(r.bill.totalFen) }));
      else message.info(t('billrun.split.already', { no, id: r.bill.id }));
      void qc.invalidateQueries({ queryKey: ['interim-reads', accountId] });
      return qc.invalidateQueries({ queryKey: ['statement', accountId] });
    },
    // not returned: a message is a thenable that settles when it closes, and the mutation would stay pending (the
    // button spinning, a new click ignored) until then
    onError: (e) => {
      message.error(errorText(e));
    },
  });
  if (q.error) return <LoadError error={q.error} />;
  return (
    <Card title={t('billrun.split.title')} loading={q.isLoading} data-testid="split-settlement">
      <Typography.Paragraph type="secondary">
        {a ? (a.basis === 'reading' ? t('billrun.split.readingRule') : t('billrun.split.rule')) : t('billrun.split.none')}
      </Typography.Paragraph>
      <Form form={form} layout="inline" onFinish={(v) => save.mutate(v)} style={{ rowGap: 8 }}>
        <Form.Item name="basis" label={t('billrun.split.basis')}>
          <Select
            style={{ width: 210 }}
            data-testid="split-basis"
            options={(['share', 'reading'] as const).map((b) => ({ value: b, label: t(`billrun.split.bases.${b}`) }))}
          />
        </Form.Item>
        <Form.Item
          name="days"
          label={t('billrun.split.days')}
          tooltip={policy ? t('billrun.split.daysHint', { first: policy.firstDay, last: policy.lastDay, max: policy.maxInterims }) : undefined}
        >
          <Input style={{ width: 110 }} placeholder="10,20" data-testid="split-days" />
        </Form.Item>
        <Form.Item name="sharePct" label={t('billrun.split.shares')} tooltip={t('billrun.split.sharesHint')} hidden={basis === 'reading'}>
          <Input style={{ width: 110 }} placeholder="30,30" data-testid="split-shares" />
        </Form.Item>
        <Form.Item name="expectedMonthlyFen" label={t('billrun.split.expected')} hidden={basis === 'reading'}>
          <Input style={{ width: 130 }} data-testid="split-expected" />
        </Form.Item>
        <Form.Item name="paymentDays" label={t('billrun.split.paymentDays')}>
          <InputNumber min={0} max={policy?.maxPaymentDays} style={{ width: 80 }} />
        </Form.Item>
        <Form.Item name="active" label={t('billrun.split.active')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="split-save">
            {t('billrun.split.save')}
          </Button>
        </Form.Item>
      </Form>
      {a?.active && (
        <Form form={issueForm} layout="inline" initialValues={{ cycle: thisCycle(), interimNo: 1 }} onFinish={(v) => issue.mutate(v)} style={{ marginTop: 16 }}>
          <Space wrap>
            <Form.Item name="cycle" label={t('billrun.split.cycle')}>
              <Input style={{ width: 100 }} placeholder="2026-11" />
            </Form.Item>
            <Form.Item name="interimNo" label={t('billrun.split.interimNo')}>
              <InputNumber min={1} max={a.days.length} style={{ width: 70 }} />
            </Form.Item>
            <Button htmlType="submit" loading={issue.isPending} data-testid="split-issue">
              {t('billrun.split.issue')}
            </Button>
          </Space>
        </Form>
      )}
      {a?.basis === 'reading' && <InterimReads accountId={accountId} />}
    </Card>
  );
}

type ReadDay = Reply<'/api/billing/accounts/{accountId}/interim-reads', 'get'>['items'][number];

/** The reading days of a cycle: the readings taken that day, an exception holding the interim back, its bill. */
function InterimReads({ accountId }: { accountId: number }) {
  const { t } = useTranslation();
  const [cycle, setCycle] = useState(thisCycle());
  const q = useQuery({
    queryKey: ['interim-reads', accountId, cycle],
    enabled: /^\d{4}-(0[1-9]|1[0-2])$/.test(cycle),
    queryFn: () => call(http.GET('/api/billing/accounts/{accountId}/interim-reads', { params: { path: { accountId }, query: { cycle } } })),
  });
  if (q.error) return <LoadError error={q.error} />;
  return (
    <div style={{ marginTop: 16 }}>
      <Space>
        <Typography.Text strong>{t('billrun.split.reads')}</Typography.Text>
        <Input style={{ width: 100 }} value={cycle} onChange={(e) => setCycle(e.target.value.trim())} data-testid="split-reads-cycle" />
      </Space>
      <Table<ReadDay>
        size="small"
        rowKey="interimNo"
        pagination={false}
        loading={q.isLoading}
        dataSource={q.data?.items ?? []}
        data-testid="split-reads"
        style={{ marginTop: 8 }}
        columns={[
          { title: t('billrun.split.interimNo'), dataIndex: 'interimNo' },
          { title: t('billrun.split.readDay'), dataIndex: 'day' },
          { title: t('billrun.split.readAt'), render: (_, x) => x.readAt ?? <Tag>{t('billrun.split.noRead')}</Tag> },
          {
            title: t('billrun.split.registers'),
            render: (_, x) => x.registers.map((r) => `${r.meterNo} ${r.register} ${r.value}${r.estimated ? ' (E)' : ''}`).join('；'),
          },
          { title: t('billrun.split.exception'), render: (_, x) => (x.exception ? <Tag color="red">{x.exception}</Tag> : '') },
          {
            title: t('billrun.split.bill'),
            render: (_, x) => (x.bill ? `${x.bill.id} · ${Number(x.bill.kwh)} kWh · ${yuan(x.bill.totalFen)}` : <Tag>{t('billrun.split.notIssued')}</Tag>),
          },
        ]}
      />
    </div>
  );
}
