/**
 * Split settlement (分次结算) of an account: its agreement (days of the month, shares of last month's
 * amount, the agreed monthly amount, the payment term) and issuing an interim bill. The interim bills
 * themselves appear in the account's bill list; the month-end bill of the bill run nets them.
 */
import { useEffect } from 'react';
import { App as AntApp, Button, Card, Form, Input, InputNumber, Space, Switch, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { call, http } from '../../api/http';
import { errorText } from '../../api/client';
import { applyFormErrors } from '../../components/formErrors';
import { fenOf, yuan, yuanPlain } from '../../components/money';
import { LoadError } from '../../components/Problems';

interface AgreementForm {
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
  useEffect(() => {
    if (!q.data) return;
    form.setFieldsValue({
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
            days: list(v.days).map(Number),
            sharePct: list(v.sharePct),
            // a typed amount that is not yuan with at most two decimals is sent as 0 fen: the server names the field
            expectedMonthlyFen: v.expectedMonthlyFen.trim() === '' ? null : (fenOf(v.expectedMonthlyFen) ?? 0),
            paymentDays: v.paymentDays,
            active: v.active,
          },
        }),
      ),
    onSuccess: () => {
      message.success(t('billrun.split.saved'));
      return qc.invalidateQueries({ queryKey: ['split', accountId] });
    },
    onError: (e) => message.error(applyFormErrors(form, e)),
  });
  const issue = useMutation({
    mutationFn: (v: { cycle: string; interimNo: number }) =>
      call(http.POST('/api/billing/accounts/{accountId}/interim-bills', { params: { path: { accountId } }, body: v })),
    onSuccess: (r) => {
      const no = r.bill.interimNo ?? 0;
      if (r.created) message.success(t('billrun.split.issued', { no, id: r.bill.id, amount: yuan(r.bill.totalFen) }));
      else message.info(t('billrun.split.already', { no, id: r.bill.id }));
      return qc.invalidateQueries({ queryKey: ['statement', accountId] });
    },
    onError: (e) => message.error(errorText(e)),
  });
  if (q.error) return <LoadError error={q.error} />;
  return (
    <Card title={t('billrun.split.title')} loading={q.isLoading} data-testid="split-settlement">
      <Typography.Paragraph type="secondary">{a ? t('billrun.split.rule') : t('billrun.split.none')}</Typography.Paragraph>
      <Form form={form} layout="inline" onFinish={(v) => save.mutate(v)} style={{ rowGap: 8 }}>
        <Form.Item
          name="days"
          label={t('billrun.split.days')}
          tooltip={policy ? t('billrun.split.daysHint', { first: policy.firstDay, last: policy.lastDay, max: policy.maxInterims }) : undefined}
        >
          <Input style={{ width: 110 }} placeholder="10,20" data-testid="split-days" />
        </Form.Item>
        <Form.Item name="sharePct" label={t('billrun.split.shares')} tooltip={t('billrun.split.sharesHint')}>
          <Input style={{ width: 110 }} placeholder="30,30" data-testid="split-shares" />
        </Form.Item>
        <Form.Item name="expectedMonthlyFen" label={t('billrun.split.expected')}>
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
    </Card>
  );
}
