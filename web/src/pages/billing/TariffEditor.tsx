/**
 * Tariff editor with a bill simulator: start from a version in force, change its prices (decimal text,
 * never floats), see what a customer would pay under the draft next to what they pay today (POST
 * /api/billing/simulate with and without `table`), and publish it as the next version (POST
 * /api/billing/tariffs, tariffs.admin; the server checks the figures and the dates and names what is wrong).
 */
import { useMemo, useState } from 'react';
import { Alert, App as AntApp, Button, Card, Col, DatePicker, Descriptions, Input, InputNumber, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { call, http } from '../../api/http';
import { billing, yuan, type PriceSet, type SimulateInput, type TariffVersion } from '../../api/billing';
import { ApiError, errorText } from '../../api/client';
import { useAuth } from '../../app/auth';

type Content = TariffVersion['content'];
const PERIOD_KEYS = ['all', 'critical', 'peak', 'flat', 'valley'] as const;

function PriceGrid({ sets, onChange, testId }: { sets: PriceSet[]; onChange: (sets: PriceSet[]) => void; testId: string }) {
  const { t } = useTranslation();
  return (
    <Space direction="vertical" size={4} data-testid={testId}>
      {sets.map((s, k) => (
        <Space key={k} wrap>
          {sets.length > 1 && <Tag>{t('bill.tier', { n: k + 1 })}</Tag>}
          {PERIOD_KEYS.filter((p) => s[p] !== undefined).map((p) => (
            <Input
              key={p}
              addonBefore={t(`bill.periods.${p}`)}
              style={{ width: 170 }}
              value={s[p]}
              data-testid={`${testId}-${k}-${p}`}
              onChange={(e) => onChange(sets.map((x, i) => (i === k ? { ...x, [p]: e.target.value.trim() } : x)))}
            />
          ))}
        </Space>
      ))}
    </Space>
  );
}

export default function TariffEditor() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const today = dayjs().format('YYYY-MM-DD');
  const versions = useQuery({ queryKey: ['tariffs', 'editor', today], queryFn: () => billing.tariffs({ on: today }) });
  const [baseId, setBaseId] = useState<number | undefined>();
  const base = useMemo(() => versions.data?.find((v) => v.id === baseId), [versions.data, baseId]);
  const [draft, setDraft] = useState<Content | null>(null);
  const [code, setCode] = useState('');
  const [validFrom, setValidFrom] = useState<Dayjs>(dayjs().add(1, 'month').startOf('month'));
  const [kwh, setKwh] = useState<number>(300);
  const [kva, setKva] = useState<number>(8);
  const pick = (id: number) => {
    const v = versions.data!.find((x) => x.id === id)!;
    setBaseId(id);
    setDraft(structuredClone(v.content));
    setCode(`${v.code}-NEW`);
  };

  const simulate = useMutation({
    mutationFn: async () => {
      const v = base!;
      const tou = !!draft!.touRates && v.customerClass !== 'residential';
      const month = validFrom.startOf('month');
      // an illustrative C&I load shape in whole kWh: 30 % peak, 25 % valley, the rest flat
      const peak = Math.round((kwh * 3) / 10),
        valley = Math.round(kwh / 4);
      const kwhRegs: SimulateInput['registers']['kwh'] = tou ? { critical: 0, peak, flat: kwh - peak - valley, valley } : { total: kwh };
      if (tou && !draft!.touRates?.[0]?.critical) delete kwhRegs.critical;
      const input: SimulateInput = {
        province: v.province,
        account: {
          customerClass: v.customerClass,
          pricing: v.pricing,
          voltage: v.voltage,
          capacityKva: kva,
          tou,
          ...(v.pricing === 'two_part' ? { basicBasis: 'capacity' as const } : {}),
        },
        period: { from: month.format('YYYY-MM-DD'), to: month.endOf('month').format('YYYY-MM-DD') },
        registers: { kwh: kwhRegs },
      };
      const [now, next] = await Promise.all([billing.simulate(input), billing.simulate({ ...input, table: draft! })]);
      return { now, next };
    },
  });
  const publish = useMutation({
    mutationFn: () =>
      call(
        http.POST('/api/billing/tariffs', {
          body: {
            province: base!.province,
            customerClass: base!.customerClass,
            pricing: base!.pricing,
            voltage: base!.voltage,
            code,
            validFrom: validFrom.format('YYYY-MM-DD'),
            content: draft!,
          },
        }),
      ),
    onSuccess: (r) => {
      message.success(t('billrun.published', { code: r.version.code }));
      void qc.invalidateQueries({ queryKey: ['tariffs'] });
    },
  });
  const err = (e: unknown) => (e instanceof ApiError ? e.localized() : errorText(e));

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Select
        style={{ width: 420 }}
        placeholder={t('billrun.pickVersion')}
        loading={versions.isLoading}
        value={baseId}
        onChange={pick}
        data-testid="editor-base"
        options={(versions.data ?? []).map((v) => ({
          value: v.id,
          label: `${v.code} · ${t(`bill.classes.${v.customerClass}`)} · ${t(`bill.pricings.${v.pricing}`)} · ${v.voltage}`,
        }))}
      />
      {base && draft && (
        <Row gutter={16}>
          <Col xs={24} lg={13}>
            <Card size="small" title={t('billrun.draft')}>
              <Descriptions size="small" column={1} bordered>
                <Descriptions.Item label={t('bill.code')}>
                  <Input value={code} onChange={(e) => setCode(e.target.value.trim())} data-testid="editor-code" style={{ width: 240 }} />
                </Descriptions.Item>
                <Descriptions.Item label={t('billrun.validFrom')}>
                  <DatePicker value={validFrom} onChange={(d) => d && setValidFrom(d)} allowClear={false} />
                </Descriptions.Item>
                {draft.tiers && (
                  <Descriptions.Item label={draft.tiers.basis === 'annual' ? t('bill.tierBounds') : t('bill.monthlyBounds')}>
                    {draft.tiers.basis === 'annual' ? draft.tiers.bounds.join(' / ') : draft.tiers.bounds.map((b) => b.join('/')).join(' · ')}
                  </Descriptions.Item>
                )}
                <Descriptions.Item label={t('bill.rates')}>
                  <PriceGrid sets={draft.rates} onChange={(rates) => setDraft({ ...draft, rates })} testId="editor-rates" />
                </Descriptions.Item>
                {draft.touRates && (
                  <Descriptions.Item label={t('bill.touRates')}>
                    <PriceGrid sets={draft.touRates} onChange={(touRates) => setDraft({ ...draft, touRates })} testId="editor-tou" />
                  </Descriptions.Item>
                )}
                {draft.basic && (
                  <Descriptions.Item label={t('bill.basic')}>
                    <Space wrap>
                      <Input
                        addonAfter="元/kVA·月"
                        style={{ width: 180 }}
                        value={draft.basic.capacityPrice}
                        onChange={(e) => setDraft({ ...draft, basic: { ...draft.basic!, capacityPrice: e.target.value.trim() } })}
                      />
                      <Input
                        addonAfter="元/kW·月"
                        style={{ width: 180 }}
                        value={draft.basic.demandPrice}
                        onChange={(e) => setDraft({ ...draft, basic: { ...draft.basic!, demandPrice: e.target.value.trim() } })}
                      />
                    </Space>
                  </Descriptions.Item>
                )}
                {draft.funds.length > 0 && (
                  <Descriptions.Item label={t('bill.funds')}>
                    <Space direction="vertical" size={4}>
                      {draft.funds.map((f, i) => (
                        <Input
                          key={f.code}
                          addonBefore={f.nameZh}
                          style={{ width: 360 }}
                          value={f.price}
                          onChange={(e) => setDraft({ ...draft, funds: draft.funds.map((x, k) => (k === i ? { ...x, price: e.target.value.trim() } : x)) })}
                        />
                      ))}
                    </Space>
                  </Descriptions.Item>
                )}
              </Descriptions>
              {can('tariffs.admin') && (
                <Button type="primary" style={{ marginTop: 12 }} loading={publish.isPending} onClick={() => publish.mutate()} data-testid="editor-publish">
                  {t('billrun.publish')}
                </Button>
              )}
              {publish.error && <Alert type="error" showIcon style={{ marginTop: 12 }} message={err(publish.error)} data-testid="editor-error" />}
            </Card>
          </Col>
          <Col xs={24} lg={11}>
            <Card size="small" title={t('billrun.whatIf')}>
              <Space wrap>
                <InputNumber min={0} value={kwh} onChange={(v) => setKwh(v ?? 0)} addonAfter="kWh" data-testid="editor-kwh" />
                <InputNumber min={1} value={kva} onChange={(v) => setKva(v ?? 1)} addonAfter="kVA" />
                <Button onClick={() => simulate.mutate()} loading={simulate.isPending} data-testid="editor-simulate">
                  {t('bill.run')}
                </Button>
              </Space>
              {simulate.error && <Alert type="error" showIcon style={{ marginTop: 12 }} message={err(simulate.error)} />}
              {simulate.data && (
                <Table
                  style={{ marginTop: 12 }}
                  size="small"
                  pagination={false}
                  rowKey="key"
                  data-testid="editor-compare"
                  dataSource={[
                    { key: 'now', label: t('billrun.underCurrent'), fen: simulate.data.now.totalFen, codes: simulate.data.now.tariffCodes ?? [] },
                    { key: 'next', label: t('billrun.underDraft'), fen: simulate.data.next.totalFen, codes: simulate.data.next.tariffCodes ?? [] },
                    { key: 'diff', label: t('billrun.difference'), fen: simulate.data.next.totalFen - simulate.data.now.totalFen, codes: [] },
                  ]}
                  columns={[
                    { title: '', dataIndex: 'label' },
                    { title: t('bill.total'), dataIndex: 'fen', align: 'right' as const, render: (f: number) => yuan(f) },
                    { title: t('bill.tariffCode'), dataIndex: 'codes', render: (c: string[]) => c.join(', ') },
                  ]}
                />
              )}
              <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
                {t('billrun.whatIfNote')}
              </Typography.Paragraph>
            </Card>
          </Col>
        </Row>
      )}
    </Space>
  );
}
