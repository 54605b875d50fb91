/**
 * Billing parameters (计费参数) of an account: the versions by validity (tariff key overrides, basic-charge
 * basis, contracted capacity and demand, high-load-factor eligibility) and the pauses / reductions a bill
 * run applies (recorded by connections, else entered here). A refused field is shown under it.
 */
import { App as AntApp, Button, Card, Form, Input, InputNumber, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { call, http, type Reply } from '../../api/http';
import { applyFormErrors } from '../../components/formErrors';
import { LoadError } from '../../components/Problems';

type Params = Reply<'/api/billing/accounts/{accountId}/parameters', 'get'>;
type Version = Params['versions'][number];
type Event = Params['events'][number];

type Split = NonNullable<Version['meteringSplit']>;
interface VersionForm {
  meteringSplit?: Split | null;
  validFrom: string;
  validTo?: string;
  pricing?: 'single' | 'two_part' | '';
  basicBasis?: 'capacity' | 'demand' | '';
  contractKva?: number | null;
  contractDemandKw?: number | null;
  highLoadEligible: boolean;
  note?: string;
}
interface EventForm {
  kind: 'pause' | 'pause_end' | 'reduction' | 'reduction_end';
  startsOn: string;
  endsOn?: string;
  kva: number;
}

/** The first day of next month (YYYY-MM-DD, China Standard Time): when a new version usually starts. */
const nextMonth = () => {
  const d = new Date(Date.now() + 8 * 3_600_000);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)).toISOString().slice(0, 10);
};
const orNull = <T,>(x: T | '' | undefined | null): T | null => (x === '' || x === undefined ? null : x);

export default function BillingParamsCard({ accountId }: { accountId: number }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<VersionForm>();
  const [evForm] = Form.useForm<EventForm>();
  const key = ['billing-params', accountId];
  const q = useQuery({
    queryKey: key,
    queryFn: () => call(http.GET('/api/billing/accounts/{accountId}/parameters', { params: { path: { accountId } } })),
  });
  const save = useMutation({
    mutationFn: (v: VersionForm) =>
      call(
        http.PUT('/api/billing/accounts/{accountId}/parameters', {
          params: { path: { accountId } },
          body: {
            validFrom: v.validFrom.trim(),
            validTo: orNull(v.validTo?.trim()),
            customerClass: null,
            pricing: orNull(v.pricing),
            voltage: null,
            tou: null,
            basicBasis: orNull(v.basicBasis),
            contractKva: orNull(v.contractKva),
            contractDemandKw: orNull(v.contractDemandKw),
            highLoadEligible: v.highLoadEligible,
            meteringSplit: v.meteringSplit ?? null,
            note: orNull(v.note?.trim()),
          },
        }),
      ),
    onSuccess: () => {
      message.success(t('billrun.params.saved'));
      return qc.invalidateQueries({ queryKey: key });
    },
    // not returned: a message is a thenable that settles when it closes, and the mutation would stay pending (the
    // button spinning, a new click ignored) until then
    onError: (e) => {
      message.error(applyFormErrors(form, e));
    },
  });
  const addEvent = useMutation({
    mutationFn: (v: EventForm) =>
      call(
        http.POST('/api/billing/accounts/{accountId}/capacity-events', {
          params: { path: { accountId } },
          body: { kind: v.kind, startsOn: v.startsOn.trim(), endsOn: orNull(v.endsOn?.trim()), kva: v.kva },
        }),
      ),
    onSuccess: () => {
      message.success(t('billrun.params.eventSaved'));
      return qc.invalidateQueries({ queryKey: key });
    },
    // not returned: a message is a thenable that settles when it closes, and the mutation would stay pending (the
    // button spinning, a new click ignored) until then
    onError: (e) => {
      message.error(applyFormErrors(evForm, e));
    },
  });
  if (q.error) return <LoadError error={q.error} />;
  const p = q.data;
  const yes = (b: boolean | null) => (b === null ? '—' : b ? t('billrun.params.yes') : t('billrun.params.no'));
  return (
    <Card title={t('billrun.params.title')} loading={q.isLoading} data-testid="billing-params">
      {p && (
        <Typography.Paragraph type="secondary" data-testid="params-profile">
          {t('billrun.params.profile', {
            pricing: t(`billrun.params.pricing.${p.profile.pricing}`),
            voltage: p.profile.voltage,
            kva: p.profile.capacityKva,
            basis: p.profile.basicBasis ? t(`billrun.params.basis.${p.profile.basicBasis}`) : '—',
          })}{' '}
          {t('billrun.params.rule', { months: p.policy.basisChangeMonths.join('、'), share: Number(p.policy.minContractShare) * 100 })}
        </Typography.Paragraph>
      )}
      <Table<Version>
        size="small"
        rowKey="id"
        pagination={false}
        data-testid="params-versions"
        dataSource={p?.versions ?? []}
        locale={{ emptyText: t('billrun.params.none') }}
        columns={[
          { title: t('billrun.params.validity'), render: (_, v) => `${v.validFrom} – ${v.validTo ?? '…'}` },
          { title: t('billrun.params.pricingCol'), render: (_, v) => (v.pricing ? t(`billrun.params.pricing.${v.pricing}`) : '—') },
          { title: t('billrun.params.basisCol'), render: (_, v) => (v.basicBasis ? t(`billrun.params.basis.${v.basicBasis}`) : '—') },
          { title: t('billrun.params.contractKva'), render: (_, v) => v.contractKva ?? '—' },
          {
            title: t('billrun.params.contractDemandKw'),
            render: (_, v) =>
              v.contractDemandKw === null ? (
                '—'
              ) : (
                <span>
                  {v.contractDemandKw}
                  {v.billedDemandKw !== null && Number(v.billedDemandKw) !== v.contractDemandKw && (
                    <Tag color="orange" style={{ marginLeft: 6 }}>
                      {t('billrun.params.floored', { kw: v.billedDemandKw })}
                    </Tag>
                  )}
                </span>
              ),
          },
          { title: t('billrun.params.highLoad'), render: (_, v) => yes(v.highLoadEligible) },
          {
            title: t('billrun.params.split'),
            render: (_, v) =>
              v.meteringSplit
                ? t('billrun.params.splitShow', {
                    kind: t(`billrun.params.splitKind.${v.meteringSplit.kind}`),
                    value: v.meteringSplit.kind === 'ratio' ? `${v.meteringSplit.sharePct}%` : `${v.meteringSplit.kwh} kWh`,
                    cls: t(`billrun.params.classes.${v.meteringSplit.customerClass}`),
                  })
                : '—',
          },
          { title: t('billrun.params.note'), render: (_, v) => v.note ?? '' },
        ]}
      />
      <Form
        form={form}
        layout="inline"
        initialValues={{ validFrom: nextMonth(), highLoadEligible: true, pricing: '', basicBasis: '' }}
        onFinish={(v) => save.mutate(v)}
        style={{ rowGap: 8, marginTop: 12 }}
      >
        <Form.Item name="validFrom" label={t('billrun.params.validFrom')}>
          <Input style={{ width: 120 }} placeholder="2026-12-01" data-testid="params-from" />
        </Form.Item>
        <Form.Item name="validTo" label={t('billrun.params.validTo')}>
          <Input style={{ width: 120 }} placeholder={t('billrun.params.open')} />
        </Form.Item>
        <Form.Item name="pricing" label={t('billrun.params.pricingCol')}>
          <Select
            style={{ width: 120 }}
            options={[
              { value: '', label: t('billrun.params.asServicePoint') },
              { value: 'single', label: t('billrun.params.pricing.single') },
              { value: 'two_part', label: t('billrun.params.pricing.two_part') },
            ]}
          />
        </Form.Item>
        <Form.Item name="basicBasis" label={t('billrun.params.basisCol')}>
          <Select
            style={{ width: 130 }}
            data-testid="params-basis"
            options={[
              { value: '', label: t('billrun.params.asServicePoint') },
              { value: 'capacity', label: t('billrun.params.basis.capacity') },
              { value: 'demand', label: t('billrun.params.basis.demand') },
            ]}
          />
        </Form.Item>
        <Form.Item name="contractKva" label={t('billrun.params.contractKva')}>
          <InputNumber min={0} style={{ width: 100 }} />
        </Form.Item>
        <Form.Item name="contractDemandKw" label={t('billrun.params.contractDemandKw')}>
          <InputNumber min={0} style={{ width: 100 }} data-testid="params-demand" />
        </Form.Item>
        <Form.Item name="highLoadEligible" label={t('billrun.params.highLoad')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="meteringSplit" label={t('billrun.params.split')} tooltip={t('billrun.params.splitRule')}>
          <SplitInput />
        </Form.Item>
        <Form.Item name="note" label={t('billrun.params.note')}>
          <Input style={{ width: 160 }} maxLength={200} />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="params-save">
            {t('billrun.params.save')}
          </Button>
        </Form.Item>
      </Form>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('billrun.params.events')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        {p?.eventsSource === 'connections'
          ? t('billrun.params.fromConnections')
          : p?.eventsSource === 'billing'
            ? t('billrun.params.fromBilling')
            : t('billrun.params.noEvents')}
      </Typography.Paragraph>
      <Table<Event>
        size="small"
        rowKey={(e) => `${e.source}-${e.id}`}
        pagination={false}
        data-testid="params-events"
        dataSource={p?.events ?? []}
        columns={[
          {
            title: t('billrun.params.source'),
            render: (_, e) => (e.source === 'connections' ? t('billrun.params.connections', { id: e.applicationId }) : t('billrun.params.billing')),
          },
          { title: t('billrun.params.kind'), render: (_, e) => t(`billrun.params.kinds.${e.kind as EventForm['kind']}`) },
          { title: t('billrun.params.dates'), render: (_, e) => (e.kind.endsWith('_end') ? e.startsOn : `${e.startsOn} – ${e.endsOn ?? '…'}`) },
          { title: 'kVA', dataIndex: 'kva' },
        ]}
      />
      <Form form={evForm} layout="inline" initialValues={{ kind: 'pause' }} onFinish={(v) => addEvent.mutate(v)} style={{ rowGap: 8, marginTop: 12 }}>
        <Space wrap>
          <Form.Item name="kind" label={t('billrun.params.kind')}>
            <Select
              style={{ width: 120 }}
              options={(['pause', 'pause_end', 'reduction', 'reduction_end'] as const).map((k) => ({ value: k, label: t(`billrun.params.kinds.${k}`) }))}
            />
          </Form.Item>
          <Form.Item name="startsOn" label={t('billrun.params.startsOn')}>
            <Input style={{ width: 120 }} placeholder="2026-12-11" />
          </Form.Item>
          <Form.Item name="endsOn" label={t('billrun.params.endsOn')}>
            <Input style={{ width: 120 }} placeholder={t('billrun.params.open')} />
          </Form.Item>
          <Form.Item name="kva" label="kVA">
            <InputNumber min={0} style={{ width: 100 }} />
          </Form.Item>
          <Button htmlType="submit" loading={addEvent.isPending} data-testid="params-event-save">
            {t('billrun.params.addEvent')}
          </Button>
        </Space>
      </Form>
    </Card>
  );
}

/** The metering split (定比定量) of a version: none, a ratio (%) or a fixed kWh a month, to another class. */
function SplitInput({ value, onChange }: { value?: Split | null; onChange?: (v: Split | null) => void }) {
  const { t } = useTranslation();
  const v = value ?? null;
  const set = (x: Omit<Partial<Split>, 'kind'> & { kind?: Split['kind'] | 'none' }) => {
    const kind = x.kind ?? v?.kind ?? 'none';
    if (kind === 'none') return onChange?.(null);
    const next: Split = { kind, customerClass: x.customerClass ?? v?.customerClass ?? 'residential' };
    const pct = 'sharePct' in x ? x.sharePct : v?.sharePct;
    const kwh = 'kwh' in x ? x.kwh : v?.kwh;
    if (kind === 'ratio' && pct !== undefined && pct !== '') next.sharePct = pct;
    if (kind === 'fixed' && kwh !== undefined && kwh !== null) next.kwh = kwh;
    onChange?.(next);
  };
  return (
    <Space.Compact>
      <Select<Split['kind'] | 'none'>
        style={{ width: 150 }}
        data-testid="params-split-kind"
        value={v?.kind ?? 'none'}
        onChange={(kind) => set({ kind })}
        options={(['none', 'ratio', 'fixed'] as const).map((k) => ({ value: k, label: t(`billrun.params.splitKind.${k}`) }))}
      />
      {v && (
        <Select<Split['customerClass']>
          style={{ width: 130 }}
          data-testid="params-split-class"
          value={v.customerClass}
          onChange={(customerClass) => set({ customerClass })}
          options={(['residential', 'commercial_industrial', 'agricultural'] as const).map((c) => ({ value: c, label: t(`billrun.params.classes.${c}`) }))}
        />
      )}
      {v?.kind === 'ratio' && (
        <Input
          style={{ width: 90 }}
          placeholder={t('billrun.params.splitPct')}
          data-testid="params-split-pct"
          value={v.sharePct ?? ''}
          onChange={(e) => set({ sharePct: e.target.value.trim() })}
        />
      )}
      {v?.kind === 'fixed' && (
        <InputNumber
          style={{ width: 110 }}
          min={0}
          placeholder={t('billrun.params.splitKwh')}
          data-testid="params-split-kwh"
          value={v.kwh ?? null}
          onChange={(kwh) => set({ kwh: kwh ?? undefined })}
        />
      )}
    </Space.Compact>
  );
}
