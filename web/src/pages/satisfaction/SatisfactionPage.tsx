/** Satisfaction dashboard: the index with its definition, the monthly trend, the index by segment, the key-driver quadrant. */
import { Suspense, useMemo, useState } from 'react';
import { Alert, Card, Col, DatePicker, Empty, Row, Segmented, Select, Skeleton, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { satisfaction, type Driver } from '../../api/satisfaction';
import { LoadError } from '../../components/Problems';
import { EChart } from '../../components/charts';
import { segmentLabel } from './labels';
import IvrImportCard from './IvrImportCard';
import { useAuth } from '../../app/auth';
import './charts-setup';

const METHODS = ['ivr', 'end_of_call', 'survey', 'callback'] as const;
const DIMS = ['segment', 'area', 'channel', 'orderType', 'orgUnit', 'method'] as const;
const QUAD_COLOR: Record<string, string> = { concentrate: '#f5222d', keep_up: '#52c41a', low_priority: '#bfbfbf', possible_overkill: '#1677ff' };

export default function SatisfactionPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().subtract(5, 'month').startOf('month'), dayjs()]);
  const [methods, setMethods] = useState<string[]>([...METHODS]);
  const [dim, setDim] = useState<(typeof DIMS)[number]>('segment');
  const params = { from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD'), methods: methods.length ? methods.join(',') : undefined };
  const q = useQuery({ queryKey: ['sat-dashboard', params], queryFn: () => satisfaction.dashboard(params) });
  const d = q.data;

  const trend = useMemo(() => {
    if (!d) return {};
    return {
      tooltip: { trigger: 'axis' },
      grid: { left: 48, right: 48, top: 32, bottom: 32 },
      xAxis: { type: 'category', data: d.trend.map((m) => m.month) },
      yAxis: [
        { type: 'value', min: 0, max: 100, name: t('sat.overall') },
        { type: 'value', name: t('sat.responses') },
      ],
      series: [
        { name: t('sat.responses'), type: 'bar', yAxisIndex: 1, data: d.trend.map((m) => m.n), itemStyle: { color: '#d9d9d9' } },
        { name: t('sat.overall'), type: 'line', connectNulls: false, data: d.trend.map((m) => m.value), itemStyle: { color: '#1677ff' } },
      ],
    };
  }, [d, t]);

  const bars = useMemo(() => {
    if (!d) return {};
    const rows = d.bySegment[dim] ?? [];
    return {
      tooltip: { trigger: 'axis' },
      grid: { left: 120, right: 48, top: 16, bottom: 24 },
      yAxis: { type: 'category', data: rows.map((r) => `${segmentLabel(dim, r.key, r.label)} (n=${r.n})`) },
      xAxis: { type: 'value', min: 0, max: 100 },
      series: [{ type: 'bar', data: rows.map((r) => r.value), label: { show: true, position: 'right' }, itemStyle: { color: '#1677ff' } }],
    };
  }, [d, dim]);

  const quadrant = useMemo(() => {
    if (!d) return {};
    const shown = d.drivers.drivers.filter((x) => x.importance !== null && x.performance !== null);
    return {
      tooltip: {
        formatter: (p: { data: [number, number, string, string] }) =>
          `${p.data[2]}<br/>${t('sat.importance')}: ${p.data[0]}<br/>${t('sat.performance')}: ${p.data[1]}<br/>${p.data[3]}`,
      },
      grid: { left: 56, right: 32, top: 24, bottom: 48 },
      xAxis: { type: 'value', name: t('sat.importance'), nameLocation: 'middle', nameGap: 28, scale: true },
      yAxis: { type: 'value', name: t('sat.performance'), scale: true },
      series: [
        {
          type: 'scatter',
          symbolSize: 18,
          data: shown.map((x) => ({
            value: [x.importance, x.performance, x.attribute, t(`sat.quadrants.${x.quadrant}`)],
            itemStyle: { color: QUAD_COLOR[x.quadrant ?? 'low_priority'] },
          })),
          label: { show: true, position: 'top', formatter: (p: { data: { value: [number, number, string] } }) => p.data.value[2] },
          markLine: {
            silent: true,
            symbol: 'none',
            lineStyle: { type: 'dashed', color: '#8c8c8c' },
            data: [{ xAxis: d.drivers.importanceMean ?? 0 }, { yAxis: d.drivers.performanceMean ?? 0 }],
          },
        },
      ],
    };
  }, [d, t]);

  const def = d?.definition;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('sat.nav.dashboard')}
      </Typography.Title>
      <Space wrap>
        <span>{t('sat.range')}</span>
        <DatePicker.RangePicker value={range} allowClear={false} onChange={(v) => v && v[0] && v[1] && setRange([v[0], v[1]])} data-testid="sat-range" />
        <span>{t('sat.methods')}</span>
        <Select
          mode="multiple"
          style={{ minWidth: 320 }}
          value={methods}
          onChange={setMethods}
          options={METHODS.map((m) => ({ value: m, label: t(`sat.method.${m}`) }))}
          data-testid="sat-methods"
        />
      </Space>
      {q.error ? (
        <LoadError error={q.error} onRetry={() => q.refetch()} />
      ) : !d ? (
        <Skeleton active />
      ) : (
        <>
          {def && (
            <Alert
              type="info"
              showIcon
              message={def.indexMethod === 'mean' ? t('sat.definition.mean') : t('sat.definition.top_box', { k: def.topBoxes })}
              description={`${t('sat.definition.sample', { min: def.minSample, d: def.decimals })} · ${def.from} – ${def.to} · ${def.methods.map((m) => t(`sat.method.${m}`)).join(' · ')}`}
            />
          )}
          {d.overall.n === 0 && <Empty description={t('sat.noData')} />}
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Card>
                <Statistic
                  title={t('sat.overall')}
                  value={d.overall.value ?? '—'}
                  suffix={d.overall.value === null ? undefined : '/ 100'}
                  valueStyle={{ color: '#1677ff' }}
                  data-testid="sat-overall"
                />
                {d.overall.value === null && d.overall.n > 0 && <Tag>{t('sat.tooFew', { n: d.overall.n, min: def?.minSample })}</Tag>}
              </Card>
            </Col>
            <Col xs={24} md={8}>
              <Card>
                <Statistic title={t('sat.responses')} value={d.overall.n} />
              </Card>
            </Col>
            <Col xs={24} md={8}>
              <Card>
                <Space wrap>
                  {(d.bySegment.method ?? []).map((m) => (
                    <Tag key={m.key}>
                      {t(`sat.method.${m.key}`)}: {m.value ?? '—'} (n={m.n})
                    </Tag>
                  ))}
                </Space>
              </Card>
            </Col>
          </Row>
          <Card title={t('sat.trend')}>
            <Suspense fallback={<Skeleton active />}>
              <EChart option={trend} height={280} testId="sat-trend" />
            </Suspense>
          </Card>
          <Card
            title={t('sat.bySegment')}
            extra={
              <Segmented
                value={dim}
                onChange={(v) => setDim(v as (typeof DIMS)[number])}
                options={DIMS.map((x) => ({ value: x, label: t(`sat.dims.${x}`) }))}
              />
            }
          >
            <Suspense fallback={<Skeleton active />}>
              <EChart option={bars} height={Math.max(200, 40 * (d.bySegment[dim]?.length ?? 1) + 60)} testId="sat-segments" />
            </Suspense>
          </Card>
          <Card title={t('sat.drivers')}>
            <Typography.Paragraph type="secondary">{t('sat.driversHint')}</Typography.Paragraph>
            <Row gutter={16}>
              <Col xs={24} lg={14}>
                <Suspense fallback={<Skeleton active />}>
                  <EChart option={quadrant} height={340} testId="sat-quadrant" />
                </Suspense>
                {d.drivers.importanceMean === null && (
                  <Typography.Text type="secondary">{t('sat.tooFew', { n: d.drivers.drivers[0]?.n ?? 0, min: def?.minSampleDriver })}</Typography.Text>
                )}
              </Col>
              <Col xs={24} lg={10}>
                <Table<Driver>
                  size="small"
                  rowKey="attribute"
                  pagination={false}
                  dataSource={d.drivers.drivers}
                  columns={[
                    { title: t('sat.attribute'), dataIndex: 'attribute' },
                    { title: 'n', dataIndex: 'n' },
                    { title: t('sat.importance'), dataIndex: 'importance', render: (v: number | null) => v ?? '—' },
                    { title: t('sat.performance'), dataIndex: 'performance', render: (v: number | null) => v ?? '—' },
                    {
                      title: '',
                      dataIndex: 'quadrant',
                      render: (v: string | null) => (v ? <Tag color={QUAD_COLOR[v]}>{t(`sat.quadrants.${v}`)}</Tag> : null),
                    },
                  ]}
                />
              </Col>
            </Row>
          </Card>
        </>
      )}
      {can('satisfaction.admin') && <IvrImportCard />}
    </Space>
  );
}
