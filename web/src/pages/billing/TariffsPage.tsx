/**
 * Tariffs in force (by province and day) and the bill simulator: account + consumption → bill lines from POST /api/billing/simulate.
 * An account picked by its number (户号) fills the form from its billing parameters and is sent as `accountId`, so its metering
 * split (定比定量, docs/billing.md §23) is applied as a run would; the split and its lines are shown in the result.
 */
import { useState } from 'react';
import { Alert, Button, Card, Checkbox, Col, DatePicker, Form, InputNumber, Row, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { billing, yuan, type AccountBillingParams, type BillLine, type BillingAccount, type SimulateInput, type TariffVersion } from '../../api/billing';
import { ApiError, errorText } from '../../api/client';
import { LoadError } from '../../components/Problems';
import { useDebounced } from '../../components/useDebounced';
import TariffContent from './TariffContent';
import TariffEditor from './TariffEditor';

const PROVINCES = ['shanghai', 'zhejiang'];

function TariffList() {
  const { t } = useTranslation();
  const [province, setProvince] = useState<string | undefined>();
  const [on, setOn] = useState<Dayjs>(dayjs());
  const q = useQuery({ queryKey: ['tariffs', province, on.format('YYYY-MM-DD')], queryFn: () => billing.tariffs({ province, on: on.format('YYYY-MM-DD') }) });
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Select
          allowClear
          placeholder={t('bill.province')}
          style={{ width: 160 }}
          value={province}
          onChange={setProvince}
          options={PROVINCES.map((p) => ({ value: p, label: t(`bill.provinces.${p}`, { defaultValue: p }) }))}
        />
        <DatePicker value={on} onChange={(d) => d && setOn(d)} allowClear={false} />
      </Space>
      {q.error ? (
        <LoadError error={q.error} />
      ) : (
        <Table<TariffVersion>
          rowKey="id"
          size="small"
          loading={q.isLoading}
          dataSource={q.data ?? []}
          pagination={false}
          expandable={{
            expandedRowRender: (v) => <TariffContent v={v} hours />,
          }}
          columns={[
            { title: t('bill.province'), dataIndex: 'province', render: (p: string) => t(`bill.provinces.${p}`, { defaultValue: p }) },
            { title: t('bill.customerClass'), dataIndex: 'customerClass', render: (c: string) => t(`bill.classes.${c}`) },
            { title: t('bill.pricing'), dataIndex: 'pricing', render: (c: string) => t(`bill.pricings.${c}`) },
            { title: t('bill.voltage'), dataIndex: 'voltage' },
            { title: t('bill.code'), dataIndex: 'code' },
            { title: t('bill.validity'), render: (_: unknown, v: TariffVersion) => `${v.validFrom} – ${v.validTo ?? t('bill.openEnded')}` },
          ]}
        />
      )}
    </Space>
  );
}

interface SimForm {
  accountId?: number;
  province: string;
  customerClass: TariffVersion['customerClass'];
  pricing: TariffVersion['pricing'];
  voltage: string;
  capacityKva: number;
  tou: boolean;
  hvIndustrial?: boolean;
  basicBasis?: 'capacity' | 'demand';
  contractDemandKw?: number;
  month: Dayjs;
  ytdKwh?: number;
  total?: number;
  critical?: number;
  peak?: number;
  flat?: number;
  valley?: number;
  kvarh?: number;
  maxDemandKw?: number;
}

/** The billing-parameters version in force on a day (the first of the simulated month), if any. */
const versionOn = (params: AccountBillingParams, day: string) =>
  params.versions.find((v) => v.validFrom <= day && (v.validTo === null || v.validTo >= day)) ?? null;

/** The form's account fields from the account's billing parameters in force on `day` (else its service point's profile). */
function accountFields(params: AccountBillingParams, day: string): Partial<SimForm> {
  const p = params.profile,
    v = versionOn(params, day);
  const pricing = v?.pricing ?? p.pricing;
  return {
    customerClass: v?.customerClass ?? p.customerClass,
    pricing,
    voltage: v?.voltage ?? p.voltage,
    capacityKva: v?.contractKva ?? p.capacityKva,
    tou: v?.tou ?? p.tou,
    hvIndustrial: !!p.hvIndustrial,
    ...(pricing === 'two_part' ? { basicBasis: v?.basicBasis ?? p.basicBasis, contractDemandKw: v?.contractDemandKw ?? p.contractDemandKw } : {}),
  };
}

/** Picks an account by the start of its number (户号); the options come from GET /api/billing/accounts. */
function AccountPicker({ value, onChange }: { value?: number; onChange?: (id: number | undefined, a?: BillingAccount) => void }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const typed = useDebounced(q.trim(), 250);
  const valid = /^[0-9A-Za-z-]+$/.test(typed);
  const found = useQuery({ queryKey: ['billing-accounts', typed], enabled: valid, queryFn: () => billing.accounts(typed) });
  const [picked, setPicked] = useState<BillingAccount | undefined>();
  const list = found.data ?? [];
  const options = [...(picked && !list.some((a) => a.accountId === picked.accountId) ? [picked] : []), ...list].map((a) => ({
    value: a.accountId,
    label: `${a.accountNo} ${a.customerName}`,
    account: a,
  }));
  return (
    <Select<number, (typeof options)[number]>
      data-testid="sim-account"
      showSearch
      allowClear
      filterOption={false}
      placeholder={t('bill.accountSearch')}
      notFoundContent={valid && found.isSuccess ? t('bill.noAccount') : null}
      loading={found.isFetching}
      value={value}
      onSearch={setQ}
      onChange={(id, opt) => {
        const a = opt && !Array.isArray(opt) ? opt.account : undefined;
        setPicked(a);
        onChange?.(id ?? undefined, a);
      }}
      options={options}
    />
  );
}

function Simulator() {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const [form] = Form.useForm<SimForm>();
  const tou = Form.useWatch('tou', form);
  const pricing = Form.useWatch('pricing', form);
  const accountId = Form.useWatch('accountId', form);
  const month = Form.useWatch('month', form);
  const en = i18n.language.startsWith('en');
  // the picked account's billing parameters: fill the form with them and show the metering split in force in the month
  const params = useQuery({ queryKey: ['billing-params', accountId], enabled: accountId !== undefined, queryFn: () => billing.parameters(accountId!) });
  const day = (month ?? dayjs()).startOf('month').format('YYYY-MM-DD');
  const splitInForce = params.data && params.data.accountId === accountId ? (versionOn(params.data, day)?.meteringSplit ?? null) : undefined;
  const pickAccount = async (id: number | undefined) => {
    if (id === undefined) return;
    const [p, settings] = await Promise.all([
      qc.fetchQuery({ queryKey: ['billing-params', id], queryFn: () => billing.parameters(id) }),
      qc.fetchQuery({ queryKey: ['billing-settings'], queryFn: () => billing.settings() }),
    ]);
    if (form.getFieldValue('accountId') !== id) return; // another account was picked meanwhile
    const m: Dayjs = form.getFieldValue('month') ?? dayjs();
    form.setFieldsValue({ province: settings.province, ...accountFields(p, m.startOf('month').format('YYYY-MM-DD')) });
  };
  const splitText = (s: NonNullable<typeof splitInForce>) =>
    `${t(`billrun.params.splitKind.${s.kind}`)} ${s.kind === 'ratio' ? `${s.sharePct}%` : `${s.kwh} kWh`} → ${t(`bill.classes.${s.customerClass}`)}`;
  const run = useMutation({
    mutationFn: (v: SimForm) => {
      const from = v.month.startOf('month').format('YYYY-MM-DD'),
        to = v.month.endOf('month').format('YYYY-MM-DD');
      const kwh: SimulateInput['registers']['kwh'] = {};
      for (const k of v.tou ? (['critical', 'peak', 'flat', 'valley'] as const) : (['total'] as const)) if (v[k] !== undefined && v[k] !== null) kwh[k] = v[k];
      return billing.simulate({
        province: v.province,
        account: {
          customerClass: v.customerClass,
          pricing: v.pricing,
          voltage: v.voltage,
          capacityKva: v.capacityKva,
          tou: !!v.tou,
          hvIndustrial: !!v.hvIndustrial,
          ...(v.pricing === 'two_part' ? { basicBasis: v.basicBasis, contractDemandKw: v.contractDemandKw ?? undefined } : {}),
        },
        period: { from, to },
        registers: { kwh, kvarh: v.kvarh ?? undefined, maxDemandKw: v.maxDemandKw ?? undefined },
        ytdKwh: v.ytdKwh ?? undefined,
        ...(v.accountId !== undefined ? { accountId: v.accountId } : {}),
      });
    },
    onError: (e) => {
      if (!(e instanceof ApiError)) return;
      const names = new Set(Object.keys(form.getFieldsValue(true)));
      const fields = (e.body.details ?? [])
        .map((d) => ({ name: d.field.split('.').pop()!, errors: [en ? d.messageEn : d.message] }))
        .filter((f) => names.has(f.name));
      if (fields.length) form.setFields(fields as { name: keyof SimForm; errors: string[] }[]);
    },
  });
  const num = (name: keyof SimForm, label: string, extra: Record<string, unknown> = {}) => (
    <Col xs={24} sm={12} md={8}>
      <Form.Item name={name} label={label} {...extra}>
        <InputNumber min={0} style={{ width: '100%' }} />
      </Form.Item>
    </Col>
  );
  return (
    <Row gutter={16}>
      <Col xs={24} lg={10}>
        <Form<SimForm>
          form={form}
          layout="vertical"
          onFinish={(v) => run.mutate(v)}
          initialValues={{
            province: 'shanghai',
            customerClass: 'residential',
            pricing: 'single',
            voltage: 'lv',
            capacityKva: 8,
            tou: false,
            month: dayjs().startOf('month'),
            ytdKwh: 0,
            total: 300,
          }}
        >
          <Card size="small" title={t('bill.account')}>
            <Form.Item name="accountId" label={t('bill.simAccount')} extra={t('bill.simAccountHelp')}>
              <AccountPicker onChange={(id) => void pickAccount(id)} />
            </Form.Item>
            {accountId !== undefined && splitInForce !== undefined && (
              <Alert
                data-testid="sim-split-in-force"
                style={{ marginBottom: 12 }}
                type={splitInForce ? 'info' : 'success'}
                showIcon
                message={
                  splitInForce
                    ? t('bill.splitInForce', { split: splitText(splitInForce), month: day.slice(0, 7) })
                    : t('bill.noSplitInForce', { month: day.slice(0, 7) })
                }
              />
            )}
            <Row gutter={8}>
              <Col xs={24} sm={12} md={8}>
                <Form.Item name="province" label={t('bill.province')} rules={[{ required: true }]}>
                  <Select data-testid="sim-province" options={PROVINCES.map((p) => ({ value: p, label: t(`bill.provinces.${p}`) }))} />
                </Form.Item>
              </Col>
              <Col xs={24} sm={12} md={8}>
                <Form.Item name="customerClass" label={t('bill.customerClass')}>
                  <Select
                    data-testid="sim-class"
                    options={(['residential', 'commercial_industrial', 'agricultural'] as const).map((c) => ({ value: c, label: t(`bill.classes.${c}`) }))}
                  />
                </Form.Item>
              </Col>
              <Col xs={24} sm={12} md={8}>
                <Form.Item name="pricing" label={t('bill.pricing')}>
                  <Select options={(['single', 'two_part'] as const).map((c) => ({ value: c, label: t(`bill.pricings.${c}`) }))} />
                </Form.Item>
              </Col>
              <Col xs={24} sm={12} md={8}>
                <Form.Item name="voltage" label={t('bill.voltage')}>
                  <Select options={['lv', '10kv', '35kv', '110kv'].map((v) => ({ value: v, label: v }))} />
                </Form.Item>
              </Col>
              {num('capacityKva', t('bill.capacityKva'), { rules: [{ required: true }] })}
              <Col xs={24} sm={12} md={8}>
                <Form.Item name="month" label={t('bill.month')} rules={[{ required: true }]}>
                  <DatePicker picker="month" style={{ width: '100%' }} allowClear={false} />
                </Form.Item>
              </Col>
              <Col xs={12} md={8}>
                <Form.Item name="tou" valuePropName="checked">
                  <Checkbox>{t('bill.tou')}</Checkbox>
                </Form.Item>
              </Col>
              <Col xs={12} md={8}>
                <Form.Item name="hvIndustrial" valuePropName="checked">
                  <Checkbox>{t('bill.hvIndustrial')}</Checkbox>
                </Form.Item>
              </Col>
              {num('ytdKwh', t('bill.ytdKwh'))}
              {pricing === 'two_part' && (
                <>
                  <Col xs={24} sm={12} md={8}>
                    <Form.Item name="basicBasis" label={t('bill.basicBasis')} rules={[{ required: true }]}>
                      <Select
                        options={[
                          { value: 'capacity', label: t('bill.byCapacity') },
                          { value: 'demand', label: t('bill.byDemand') },
                        ]}
                      />
                    </Form.Item>
                  </Col>
                  {num('contractDemandKw', t('bill.contractDemandKw'))}
                  {num('maxDemandKw', t('bill.maxDemandKw'))}
                </>
              )}
            </Row>
          </Card>
          <Card size="small" title={t('bill.registers')} style={{ marginTop: 12 }}>
            <Row gutter={8}>
              {tou
                ? (['critical', 'peak', 'flat', 'valley'] as const).map((p) => (
                    <Col key={p} xs={12} md={6}>
                      <Form.Item name={p} label={`${t(`bill.periods.${p}`)} kWh`}>
                        <InputNumber min={0} style={{ width: '100%' }} />
                      </Form.Item>
                    </Col>
                  ))
                : num('total', `${t('bill.periods.total')} kWh`)}
              {num('kvarh', t('bill.kvarh'))}
            </Row>
          </Card>
          <Button type="primary" htmlType="submit" loading={run.isPending} style={{ marginTop: 12 }}>
            {t('bill.run')}
          </Button>
        </Form>
      </Col>
      <Col xs={24} lg={14}>
        {run.error && (
          <Alert type="error" showIcon message={run.error instanceof ApiError ? run.error.localized() : errorText(run.error)} style={{ marginBottom: 12 }} />
        )}
        {run.data ? (
          <Card
            size="small"
            title={`${t('bill.total')} ${yuan(run.data.totalFen)}`}
            extra={(run.data.tariffCodes ?? []).map((c) => (
              <Tag key={c}>{c}</Tag>
            ))}
          >
            {run.data.meteringSplit && (
              <Alert
                data-testid="sim-split"
                style={{ marginBottom: 12 }}
                type="info"
                showIcon
                message={t('bill.splitApplied', {
                  splitKwh: run.data.meteringSplit.splitKwh,
                  cls: t(`bill.classes.${run.data.meteringSplit.customerClass}`, { defaultValue: run.data.meteringSplit.customerClass }),
                  mainKwh: run.data.meteringSplit.mainKwh,
                })}
                description={ruleText(run.data.meteringSplit.rule, en)}
              />
            )}
            {run.data.meteringSplit === null && (
              <Alert data-testid="sim-no-split" style={{ marginBottom: 12 }} type="success" message={t('bill.noSplitApplied')} />
            )}
            <Table<BillLine>
              data-testid="sim-lines"
              rowKey={(l, i) => `${l.tariffCode}-${l.code}-${i}`}
              size="small"
              pagination={false}
              dataSource={run.data.lines}
              rowClassName={(l) => (isSplitLine(l) ? 'sim-split-line' : '')}
              columns={[
                {
                  title: t('bill.line'),
                  render: (_: unknown, l: BillLine) => (
                    <span title={l.rule}>
                      {isSplitLine(l) && (
                        <Tag color="purple" data-testid="sim-split-tag">
                          {t('bill.splitLine')}
                        </Tag>
                      )}
                      {en ? l.labelEn : l.labelZh}
                    </span>
                  ),
                },
                { title: t('bill.quantity'), align: 'right', render: (_: unknown, l: BillLine) => `${l.quantity} ${l.unit}` },
                { title: t('bill.price'), align: 'right', render: (_: unknown, l: BillLine) => (l.unit === 'cos φ' ? `${l.price}%` : l.price) },
                { title: t('bill.amount'), align: 'right', render: (_: unknown, l: BillLine) => yuan(l.amountFen) },
                { title: t('bill.tariffCode'), dataIndex: 'tariffCode' },
                { title: t('bill.note'), dataIndex: 'note', render: (n?: string) => <Typography.Text type="secondary">{n}</Typography.Text> },
              ]}
              summary={() => (
                <Table.Summary.Row>
                  <Table.Summary.Cell index={0} colSpan={3}>
                    {t('bill.total')}
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={3} align="right">
                    <b>{yuan(run.data!.totalFen)}</b>
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={4} colSpan={2}>
                    <Typography.Text type="secondary">{t('bill.totalNote')}</Typography.Text>
                  </Table.Summary.Cell>
                </Table.Summary.Row>
              )}
            />
            {run.data.warnings.length > 0 && (
              <Alert
                style={{ marginTop: 12 }}
                type="warning"
                message={t('bill.warnings')}
                description={run.data.warnings.map((w) => (
                  <div key={w}>{w}</div>
                ))}
              />
            )}
          </Card>
        ) : (
          <Alert type="info" message={t('bill.empty')} />
        )}
      </Col>
    </Row>
  );
}

/** A line of the metering split's class (its code ends in `_split`, metering-split-rules.ts). */
const isSplitLine = (l: BillLine) => l.code.endsWith('_split');
/** The split's rule is written 'zh / en': the part of the UI language. */
function ruleText(rule: string, en: boolean) {
  const at = rule.indexOf(' / ');
  return at < 0 ? rule : en ? rule.slice(at + 3) : rule.slice(0, at);
}

export default function TariffsPage() {
  const { t } = useTranslation();
  return (
    <Card title={t('bill.title')}>
      <Tabs
        items={[
          { key: 'tariffs', label: t('bill.tariffs'), children: <TariffList /> },
          { key: 'sim', label: t('bill.simulator'), children: <Simulator /> },
          { key: 'edit', label: t('billrun.editor'), children: <TariffEditor /> },
        ]}
      />
    </Card>
  );
}
