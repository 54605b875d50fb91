/** Call-centre dashboard: offered/answered/abandoned by interval, service level and ASA, abandonment by weekday × interval, agents. */
import { Suspense, useMemo, useState } from 'react';
import { Alert, Card, Col, DatePicker, Row, Segmented, Select, Skeleton, Space, Statistic, Table, Tooltip, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { analytics, type Kpis, type SlConvention } from '../../api/analytics';
import { LoadError } from '../../components/Problems';
import { EChart } from '../../components/charts';
import { clock, hours, pct, sec } from './format';
import './charts-setup';

const CONVENTIONS: SlConvention[] = ['abandons_against', 'abandons_ignored', 'abandons_for'];

export default function CallCentrePage() {
  const { t } = useTranslation();
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().subtract(7, 'day'), dayjs().subtract(1, 'day')]);
  const [interval, setInterval] = useState<15 | 30 | 60>(30);
  const [convention, setConvention] = useState<SlConvention>('abandons_against');
  const [queue, setQueue] = useState<string | undefined>();
  const params = { from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD'), interval, slConvention: convention, queue };
  const q = useQuery({ queryKey: ['qa-kpis', params], queryFn: () => analytics.kpis(params) });
  const d = q.data;
  const tz = d?.policy.tzOffsetMinutes ?? 480;
  const multiDay = !range[0].isSame(range[1], 'day');

  const volume = useMemo(() => {
    if (!d) return {};
    const x = d.intervals.map((i) => clock(i.start, tz, multiDay));
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0, data: [t('qa.cards.answered'), t('qa.cards.abandoned'), t('qa.cards.overflow'), t('qa.cards.offered')] },
      grid: { left: 48, right: 24, top: 40, bottom: 60 },
      dataZoom: [{ type: 'slider', height: 18, bottom: 8 }],
      xAxis: { type: 'category', data: x },
      yAxis: { type: 'value' },
      series: [
        { name: t('qa.cards.answered'), type: 'bar', stack: 'c', data: d.intervals.map((i) => i.answered), itemStyle: { color: '#52c41a' } },
        { name: t('qa.cards.abandoned'), type: 'bar', stack: 'c', data: d.intervals.map((i) => i.abandoned), itemStyle: { color: '#f5222d' } },
        { name: t('qa.cards.overflow'), type: 'bar', stack: 'c', data: d.intervals.map((i) => i.overflow), itemStyle: { color: '#faad14' } },
        { name: t('qa.cards.offered'), type: 'line', data: d.intervals.map((i) => i.offered), showSymbol: false, lineStyle: { width: 1 } },
      ],
    };
  }, [d, t, tz, multiDay]);

  const trend = useMemo(() => {
    if (!d) return {};
    const x = d.intervals.map((i) => clock(i.start, tz, multiDay));
    const slName = `${t('qa.cards.serviceLevel')} (%)`;
    const asaName = `${t('qa.cards.asa')} (${t('qa.cards.seconds')})`;
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0, data: [slName, asaName] },
      grid: { left: 48, right: 48, top: 40, bottom: 60 },
      dataZoom: [{ type: 'slider', height: 18, bottom: 8 }],
      xAxis: { type: 'category', data: x },
      yAxis: [
        { type: 'value', max: 100, name: '%' },
        { type: 'value', name: t('qa.cards.seconds') },
      ],
      series: [
        {
          name: slName,
          type: 'line',
          connectNulls: false,
          data: d.intervals.map((i) => (i.serviceLevel === null ? null : +(i.serviceLevel * 100).toFixed(1))),
        },
        { name: asaName, type: 'line', yAxisIndex: 1, data: d.intervals.map((i) => (i.asaS === null ? null : +i.asaS.toFixed(1))) },
      ],
    };
  }, [d, t, tz, multiDay]);

  const heat = useMemo(() => {
    if (!d) return {};
    const perDay = (24 * 60) / d.policy.intervalMinutes;
    const slots = Array.from(
      { length: perDay },
      (_, i) => `${String(Math.floor((i * d.policy.intervalMinutes) / 60)).padStart(2, '0')}:${String((i * d.policy.intervalMinutes) % 60).padStart(2, '0')}`,
    );
    const days = ['1', '2', '3', '4', '5', '6', '7'].map((k) => t(`qa.weekdays.${k}`));
    const cells = d.heatmap.filter((c) => c.offered > 0).map((c) => [c.slot, c.weekday - 1, +((c.rate ?? 0) * 100).toFixed(1), c.offered]);
    // the scale tops out at the 95th percentile (a single call abandoned in a quiet slot is 100 %)
    const rates = cells.map((c) => c[2]).sort((a, b) => a - b);
    const max = Math.max(10, Math.ceil(rates[Math.floor(rates.length * 0.95)] ?? 0));
    return {
      tooltip: { formatter: (p: { data: number[] }) => `${days[p.data[1]]} ${slots[p.data[0]]}<br/>${t('qa.cards.abandonRate')} ${p.data[2]}% (${p.data[3]})` },
      grid: { left: 56, right: 96, top: 16, bottom: 32 },
      xAxis: { type: 'category', data: slots, splitArea: { show: true } },
      yAxis: { type: 'category', data: days, splitArea: { show: true } },
      visualMap: {
        min: 0,
        max,
        calculable: true,
        orient: 'vertical',
        right: 8,
        top: 'middle',
        text: [`${max}%`, '0%'],
        inRange: { color: ['#f6ffed', '#ffe58f', '#ff4d4f'] },
      },
      series: [{ type: 'heatmap', data: cells }],
    };
  }, [d, t]);

  const k: Kpis | undefined = d?.total;
  const cards: { key: string; title: string; value: string; tip?: string }[] = k
    ? [
        { key: 'offered', title: t('qa.cards.offered'), value: String(k.offered), tip: t('qa.tips.offered') },
        { key: 'answered', title: t('qa.cards.answered'), value: String(k.answered) },
        {
          key: 'abandoned',
          title: t('qa.cards.abandoned'),
          value: String(k.abandoned),
          tip: `${t('qa.cards.shortAbandons')} ${k.shortAbandons} · ${t('qa.cards.whileRinging')} ${k.abandonedWhileRinging}`,
        },
        { key: 'abandonRate', title: t('qa.cards.abandonRate'), value: pct(k.abandonRate) },
        { key: 'abandonRateAdjusted', title: t('qa.cards.abandonRateAdjusted'), value: pct(k.abandonRateAdjusted) },
        {
          key: 'sl',
          title: `${t('qa.cards.serviceLevel')} (${t(`qa.conventions.${k.slConvention}`)})`,
          value: pct(k.serviceLevel),
          tip: `${t('qa.conventions.abandons_ignored')} ${pct(k.sl.abandonsIgnored)} · ${t('qa.conventions.abandons_against')} ${pct(k.sl.abandonsAgainst)} · ${t('qa.conventions.abandons_for')} ${pct(k.sl.abandonsFor)}`,
        },
        { key: 'asa', title: `${t('qa.cards.asa')} (${t('qa.cards.seconds')})`, value: sec(k.asaS), tip: t('qa.tips.asa') },
        { key: 'avgQueue', title: `${t('qa.cards.avgQueue')} (${t('qa.cards.seconds')})`, value: sec(k.avgQueueS), tip: t('qa.tips.avgQueue') },
        { key: 'aht', title: `${t('qa.cards.aht')} (${t('qa.cards.seconds')})`, value: sec(k.ahtS, 0), tip: t('qa.tips.aht') },
        { key: 'occupancy', title: t('qa.cards.occupancy'), value: pct(k.occupancy), tip: t('qa.tips.occupancy') },
        { key: 'rings', title: t('qa.cards.rings'), value: sec(k.ringsBeforeAnswer, 2) },
        { key: 'overflow', title: t('qa.cards.overflow'), value: String(k.overflow) },
      ]
    : [];

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <div className="gd-page-title">
          <Typography.Title level={3}>{t('qa.nav.callCentre')}</Typography.Title>
        </div>
        <Space wrap>
          <DatePicker.RangePicker value={range} onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])} allowClear={false} aria-label={t('qa.range')} />
          <Segmented value={interval} onChange={(v) => setInterval(v as 15)} options={[15, 30, 60].map((n) => ({ value: n, label: t('qa.minutes', { n }) }))} />
          <Select
            value={convention}
            onChange={setConvention}
            style={{ width: 200 }}
            aria-label={t('qa.convention')}
            options={CONVENTIONS.map((c) => ({ value: c, label: t(`qa.conventions.${c}`) }))}
          />
          <Select
            value={queue}
            onChange={setQueue}
            allowClear
            placeholder={t('qa.allQueues')}
            style={{ width: 160 }}
            options={(d?.queues ?? []).map((x) => ({ value: x.key, label: x.key }))}
          />
        </Space>
        {d && (
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
            {t('qa.conventionHint', { t: d.policy.serviceLevelS, s: d.policy.shortAbandonS })}
          </Typography.Paragraph>
        )}
      </Card>
      {q.error ? (
        <LoadError error={q.error} onRetry={() => q.refetch()} />
      ) : !d ? (
        <Card>
          <Skeleton active />
        </Card>
      ) : (
        <>
          {d.total.offered + d.total.overflow === 0 && <Alert type="info" title={t('qa.noData')} />}
          <Row gutter={[12, 12]} data-testid="qa-cards">
            {cards.map((c) => (
              <Col key={c.key} xs={12} md={8} xl={4}>
                <Card size="small">
                  <Tooltip title={c.tip}>
                    <Statistic title={c.title} value={c.value} styles={{ content: { fontSize: 20, whiteSpace: 'nowrap' } }} />
                  </Tooltip>
                </Card>
              </Col>
            ))}
          </Row>
          <Card title={t('qa.charts.volume')}>
            <Suspense fallback={<Skeleton active />}>
              <EChart option={volume} testId="qa-volume" />
            </Suspense>
          </Card>
          <Card title={t('qa.charts.slTrend')}>
            <Suspense fallback={<Skeleton active />}>
              <EChart option={trend} testId="qa-trend" />
            </Suspense>
          </Card>
          <Card title={t('qa.charts.heatmap')}>
            <Suspense fallback={<Skeleton active />}>
              <EChart option={heat} height={300} testId="qa-heatmap" />
            </Suspense>
          </Card>
          <Card title={t('qa.charts.agents')}>
            <Table
              size="small"
              rowKey="key"
              dataSource={d.agents}
              pagination={{ pageSize: 20 }}
              data-testid="qa-agents"
              columns={[
                { title: t('qa.agent.name'), dataIndex: 'key' },
                { title: t('qa.agent.answered'), dataIndex: 'answered', sorter: (a, b) => a.answered - b.answered },
                { title: `${t('qa.agent.talk')} (h)`, dataIndex: 'talkS', render: (v: number) => hours(v) },
                { title: `${t('qa.agent.aht')} (${t('qa.cards.seconds')})`, dataIndex: 'ahtS', render: (v: number | null) => sec(v, 0) },
                { title: `${t('qa.agent.available')} (h)`, dataIndex: 'availableS', render: (v: number) => hours(v) },
                { title: `${t('qa.agent.paused')} (h)`, dataIndex: 'pausedS', render: (v: number) => hours(v) },
                {
                  title: t('qa.agent.occupancy'),
                  dataIndex: 'occupancy',
                  render: (v: number | null) => pct(v),
                  sorter: (a, b) => (a.occupancy ?? 0) - (b.occupancy ?? 0),
                },
              ]}
            />
          </Card>
        </>
      )}
    </Space>
  );
}
