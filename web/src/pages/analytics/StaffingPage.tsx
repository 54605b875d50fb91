/** Erlang C calculator with its curve, and the day's forecast against the staffing that was there. */
import { Suspense, useMemo, useState } from 'react';
import { Alert, Button, Card, Col, DatePicker, Form, InputNumber, Row, Skeleton, Space, Statistic, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { analytics, type ErlangInput } from '../../api/analytics';
import { errorText } from '../../api/client';
import { LoadError } from '../../components/Problems';
import { EChart } from '../../components/charts';
import { clock, pct, sec } from './format';
import './charts-setup';

/** The published check of pyworkforce's README. */
const EXAMPLE: ErlangInput = { calls: 100, intervalMinutes: 30, ahtS: 180, targetS: 20, targetSl: 0.8, maxOccupancy: 0.85, shrinkage: 0.3 };

export default function StaffingPage() {
  const { t } = useTranslation();
  const [form] = Form.useForm<ErlangInput>();
  const [input, setInput] = useState<ErlangInput>(EXAMPLE);
  const e = useQuery({ queryKey: ['qa-erlang', input], queryFn: () => analytics.erlang(input) });
  const [date, setDate] = useState<Dayjs>(dayjs().subtract(1, 'day'));
  const [weeks, setWeeks] = useState<number>(3);
  const f = useQuery({
    queryKey: ['qa-forecast', date.format('YYYY-MM-DD'), weeks],
    queryFn: () => analytics.forecast({ date: date.format('YYYY-MM-DD'), weeks }),
  });

  const curve = useMemo(() => {
    const r = e.data;
    if (!r) return {};
    const sl = `${t('qa.staffing.sl')} (%)`;
    const asa = t('qa.staffing.asa');
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0, data: [sl, asa] },
      grid: { left: 48, right: 56, top: 40, bottom: 32 },
      xAxis: { type: 'category', name: 'N', data: r.curve.map((c) => c.agents) },
      yAxis: [
        { type: 'value', max: 100, name: '%' },
        { type: 'value', name: 's' },
      ],
      series: [
        {
          name: sl,
          type: 'line',
          data: r.curve.map((c) => +(c.serviceLevel * 100).toFixed(2)),
          markLine: { silent: true, symbol: 'none', data: [{ yAxis: input.targetSl * 100 }] },
        },
        { name: asa, type: 'bar', yAxisIndex: 1, data: r.curve.map((c) => (c.asaS === null ? null : +c.asaS.toFixed(1))), itemStyle: { color: '#91caff' } },
      ],
    };
  }, [e.data, t, input.targetSl]);

  const fc = useMemo(() => {
    const d = f.data;
    if (!d) return {};
    const names = [
      t('qa.staffing.required'),
      t('qa.staffing.scheduledAgents'),
      t('qa.staffing.actualAgents'),
      t('qa.staffing.forecastCalls'),
      t('qa.staffing.actualOffered'),
    ];
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0, data: names },
      grid: { left: 48, right: 48, top: 48, bottom: 32 },
      xAxis: { type: 'category', data: d.intervals.map((i) => clock(i.start, 480)) },
      yAxis: [
        { type: 'value', name: t('qa.staffing.agents') },
        { type: 'value', name: t('qa.cards.offered') },
      ],
      series: [
        { name: names[0], type: 'line', step: 'middle', data: d.intervals.map((i) => i.requiredAgents) },
        { name: names[1], type: 'line', step: 'middle', lineStyle: { type: 'dashed' }, data: d.intervals.map((i) => i.scheduledAgents) },
        { name: names[2], type: 'line', data: d.intervals.map((i) => +i.actualAgents.toFixed(2)), itemStyle: { color: '#52c41a' } },
        { name: names[3], type: 'bar', yAxisIndex: 1, data: d.intervals.map((i) => +i.forecastCalls.toFixed(1)), itemStyle: { color: '#d9d9d9' } },
        { name: names[4], type: 'bar', yAxisIndex: 1, data: d.intervals.map((i) => i.actualOffered), itemStyle: { color: '#91caff' } },
      ],
    };
  }, [f.data, t]);

  const r = e.data;
  const num = (name: keyof ErlangInput, label: string, min: number, max: number, step = 1) => (
    <Form.Item name={name} label={label} rules={[{ required: true }]}>
      <InputNumber min={min} max={max} step={step} style={{ width: 140 }} />
    </Form.Item>
  );
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <div className="gd-page-title">
          <Typography.Title level={3}>{t('qa.staffing.title')}</Typography.Title>
        </div>
        <Form form={form} layout="inline" initialValues={EXAMPLE} onFinish={(v) => setInput({ ...v })} data-testid="qa-erlang-form">
          {num('calls', t('qa.staffing.calls'), 0, 100000)}
          {num('intervalMinutes', t('qa.staffing.intervalMinutes'), 1, 1440)}
          {num('ahtS', t('qa.staffing.ahtS'), 1, 36000)}
          {num('targetS', t('qa.staffing.targetS'), 0, 3600)}
          {num('targetSl', t('qa.staffing.targetSl'), 0.01, 0.999, 0.05)}
          {num('maxOccupancy', t('qa.staffing.maxOccupancy'), 0.1, 1, 0.05)}
          {num('shrinkage', t('qa.staffing.shrinkage'), 0, 0.9, 0.05)}
          <Form.Item>
            <Button type="primary" htmlType="submit">
              {t('common.apply')}
            </Button>
          </Form.Item>
        </Form>
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          {t('qa.staffing.published')}
        </Typography.Paragraph>
      </Card>
      {e.error ? (
        <Alert type="error" title={errorText(e.error)} />
      ) : !r ? (
        <Card>
          <Skeleton active />
        </Card>
      ) : (
        <>
          {r.unreachable && <Alert type="warning" title={t('qa.staffing.unreachable')} />}
          <Row gutter={[12, 12]} data-testid="qa-erlang-result">
            {[
              [t('qa.staffing.agents'), String(r.agents)],
              [t('qa.staffing.scheduled'), String(r.scheduled)],
              [t('qa.staffing.traffic'), r.trafficErlangs.toFixed(2)],
              [t('qa.staffing.sl'), pct(r.serviceLevel, 2)],
              [t('qa.staffing.pWait'), pct(r.pWait, 2)],
              [t('qa.staffing.occ'), pct(r.occupancy, 2)],
              [t('qa.staffing.asa'), r.asaS === null ? t('qa.staffing.infinite') : sec(r.asaS)],
            ].map(([title, value]) => (
              <Col key={title} xs={12} md={6} xl={3}>
                <Card size="small">
                  <Statistic title={title} value={value} styles={{ content: { fontSize: 20 } }} />
                </Card>
              </Col>
            ))}
          </Row>
          <Card title={t('qa.staffing.curve')}>
            <Suspense fallback={<Skeleton active />}>
              <EChart option={curve} height={280} testId="qa-erlang-curve" />
            </Suspense>
          </Card>
        </>
      )}
      <Card title={t('qa.staffing.forecast')}>
        <Space wrap style={{ marginBottom: 8 }}>
          <DatePicker value={date} onChange={(v) => v && setDate(v)} allowClear={false} aria-label={t('qa.staffing.date')} />
          <span>{t('qa.staffing.weeks')}</span>
          <InputNumber min={1} max={12} value={weeks} onChange={(v) => v && setWeeks(v)} />
        </Space>
        <Typography.Paragraph type="secondary">{t('qa.staffing.forecastHint', { w: weeks })}</Typography.Paragraph>
        {f.error ? (
          <LoadError error={f.error} onRetry={() => f.refetch()} />
        ) : !f.data ? (
          <Skeleton active />
        ) : (
          <Suspense fallback={<Skeleton active />}>
            <EChart option={fc} height={340} testId="qa-forecast" />
          </Suspense>
        )}
      </Card>
    </Space>
  );
}
