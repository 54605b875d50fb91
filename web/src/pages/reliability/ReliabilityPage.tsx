/** Reliability dashboard: IEEE 1366 and DL/T 836 indices per org unit or feeder and period, with the daily series and major event days. */
import { Suspense, useMemo, useState } from 'react';
import { Alert, Card, Col, DatePicker, Row, Segmented, Select, Skeleton, Space, Statistic, Table, Tag, Tooltip, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { reliability, type Indices } from '../../api/outages';
import { call, http } from '../../api/http';
import OrgSelect from '../../components/OrgSelect';
import { LoadError } from '../../components/Problems';
import { EChart } from '../../components/charts';

const fmt = (v: number | null | undefined, d = 3) => (v === null || v === undefined || Number.isNaN(v) ? '—' : Number(v).toFixed(d));

export default function ReliabilityPage() {
  const { t } = useTranslation();
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().startOf('year'), dayjs().endOf('day')]);
  const [scope, setScope] = useState<'org' | 'feeder'>('org');
  const [orgUnitId, setOrg] = useState<number | undefined>();
  const [feederId, setFeeder] = useState<number | undefined>();
  const [basis, setBasis] = useState<'all' | 'normal' | 'majorEvents'>('all');
  const feeders = useQuery({
    queryKey: ['devices', 'feeder'],
    queryFn: ({ signal }) => call(http.GET('/api/network/devices', { params: { query: { kind: 'feeder' } }, signal }), signal),
    enabled: scope === 'feeder',
  });
  const params = {
    from: range[0].startOf('day').toISOString(),
    to: range[1].endOf('day').toISOString(),
    orgUnitId: scope === 'org' ? orgUnitId : undefined,
    feederId: scope === 'feeder' ? feederId : undefined,
  };
  const q = useQuery({ queryKey: ['reliability', params], queryFn: () => reliability.get(params), enabled: scope === 'org' || !!feederId });
  const d = q.data;
  const idx: Indices | undefined = d?.[basis];

  const option = useMemo(() => {
    if (!d) return {};
    const days = d.daily.map((x) => x.day);
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0, data: ['SAIDI (min)', 'SAIFI', 'MAIFI'] },
      grid: { left: 48, right: 48, top: 40, bottom: 60 },
      dataZoom: [{ type: 'slider', height: 18, bottom: 8 }],
      xAxis: { type: 'category', data: days },
      yAxis: [
        { type: 'value', name: 'min' },
        { type: 'value', name: t('rel.times') },
      ],
      series: [
        {
          name: 'SAIDI (min)',
          type: 'bar',
          data: d.daily.map((x) => ({ value: +x.saidiMinutes.toFixed(3), itemStyle: x.majorEvent ? { color: '#f5222d' } : undefined })),
          markArea: d.med.days.length
            ? { itemStyle: { color: 'rgba(245,34,45,0.08)' }, data: d.med.days.map((day) => [{ xAxis: day }, { xAxis: day }]) }
            : undefined,
        },
        { name: 'SAIFI', type: 'line', yAxisIndex: 1, data: d.daily.map((x) => +x.saifi.toFixed(4)) },
        { name: 'MAIFI', type: 'line', yAxisIndex: 1, data: d.daily.map((x) => +x.maifi.toFixed(4)), lineStyle: { type: 'dashed' } },
      ],
    };
  }, [d, t]);

  const cards: { key: string; title: string; tip: string; value: string; suffix?: string }[] = idx
    ? [
        { key: 'saifi', title: 'SAIFI', tip: t('rel.saifi'), value: fmt(idx.saifi, 4), suffix: t('rel.timesPerCustomer') },
        { key: 'saidi', title: 'SAIDI', tip: t('rel.saidi'), value: fmt(idx.saidiMinutes, 2), suffix: 'min' },
        { key: 'caidi', title: 'CAIDI', tip: t('rel.caidi'), value: fmt(idx.caidiMinutes, 1), suffix: 'min' },
        { key: 'asai', title: 'ASAI', tip: t('rel.asai'), value: fmt(idx.asai * 100, 4), suffix: '%' },
        { key: 'maifi', title: 'MAIFI', tip: t('rel.maifi'), value: fmt(idx.maifi, 4) },
        { key: 'aihc1', title: 'AIHC-1', tip: t('rel.aihc1'), value: fmt(idx.aihc1Hours, 3), suffix: 'h' },
        { key: 'rs1', title: 'RS-1', tip: t('rel.rs1'), value: fmt(idx.rs1Percent, 4), suffix: '%' },
        { key: 'rs3', title: 'RS-3', tip: t('rel.rs3'), value: fmt(idx.rs3Percent, 4), suffix: '%' },
      ]
    : [];

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <div className="gd-page-title">
          <Typography.Title level={3}>{t('rel.title')}</Typography.Title>
        </div>
        <Space wrap>
          <DatePicker.RangePicker value={range} onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])} allowClear={false} />
          <Segmented
            value={scope}
            onChange={(v) => setScope(v as 'org')}
            options={[
              { value: 'org', label: t('rel.byOrg') },
              { value: 'feeder', label: t('rel.byFeeder') },
            ]}
          />
          {scope === 'org' ? (
            <OrgSelect value={orgUnitId} onChange={setOrg} allowClear placeholder={t('rel.myOrg')} style={{ width: 220 }} />
          ) : (
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              value={feederId}
              onChange={setFeeder}
              placeholder={t('customer.feeder')}
              style={{ width: 260 }}
              loading={feeders.isLoading}
              options={(feeders.data ?? []).map((f) => ({ value: f.id, label: `${f.code} ${f.name}` }))}
            />
          )}
          <Segmented
            value={basis}
            onChange={(v) => setBasis(v as 'all')}
            options={[
              { value: 'all', label: t('rel.all') },
              { value: 'normal', label: t('rel.normal') },
              { value: 'majorEvents', label: t('rel.med') },
            ]}
          />
        </Space>
      </Card>
      {q.error ? (
        <LoadError error={q.error} onRetry={() => q.refetch()} />
      ) : !d ? (
        scope === 'feeder' && !feederId ? (
          <Alert type="info" title={t('rel.pickFeeder')} />
        ) : (
          <Card>
            <Skeleton active />
          </Card>
        )
      ) : (
        <>
          <Row gutter={[12, 12]} data-testid="rel-cards">
            {cards.map((c) => (
              <Col key={c.key} xs={12} md={6} xl={3}>
                <Card size="small">
                  <Tooltip title={c.tip}>
                    <Statistic title={c.title} value={c.value} suffix={c.suffix} styles={{ content: { fontSize: 20, whiteSpace: 'nowrap' } }} />
                  </Tooltip>
                </Card>
              </Col>
            ))}
          </Row>
          <Card
            size="small"
            title={t('rel.daily')}
            extra={
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('rel.served', { n: idx?.customersServed ?? 0 })} · T<sub>MED</sub> ={' '}
                {d.med.tMedMinutes === null ? '—' : `${d.med.tMedMinutes.toFixed(2)} min`} (
                {t('rel.medRule', { k: d.policy.medK, y: d.policy.medHistoryYears })})
              </Typography.Text>
            }
          >
            <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: 320 }} />}>
              <EChart option={option} testId="rel-chart" />
            </Suspense>
          </Card>
          <Card size="small" title={t('rel.breakdown')}>
            <Table
              rowKey="k"
              size="small"
              pagination={false}
              scroll={{ x: 'max-content' }}
              dataSource={(['all', 'normal', 'majorEvents'] as const).map((k) => ({ k, ...d[k] }))}
              columns={[
                {
                  title: '',
                  dataIndex: 'k',
                  render: (k) => (
                    <Tag color={k === 'majorEvents' ? 'red' : k === 'normal' ? 'blue' : 'default'}>{t(`rel.${k === 'majorEvents' ? 'med' : k}`)}</Tag>
                  ),
                },
                { title: t('rel.interruptions'), dataIndex: 'customerInterruptions', align: 'right' },
                { title: t('rel.customerMinutes'), dataIndex: 'customerMinutes', align: 'right', render: (v) => fmt(v, 0) },
                { title: t('rel.momentary'), dataIndex: 'momentaryInterruptions', align: 'right' },
                { title: 'SAIFI', dataIndex: 'saifi', align: 'right', render: (v) => fmt(v, 4) },
                { title: 'SAIDI', dataIndex: 'saidiMinutes', align: 'right', render: (v) => fmt(v, 2) },
                { title: 'CAIDI', dataIndex: 'caidiMinutes', align: 'right', render: (v) => fmt(v, 1) },
                { title: 'ASAI %', dataIndex: 'asai', align: 'right', render: (v) => fmt(v * 100, 5) },
                { title: 'RS-3 %', dataIndex: 'rs3Percent', align: 'right', render: (v) => fmt(v, 4) },
              ]}
            />
            {d.med.days.length > 0 && (
              <div style={{ marginTop: 8 }}>
                {t('rel.medDays')}:{' '}
                {d.med.days.map((x) => (
                  <Tag key={x} color="red">
                    {x}
                  </Tag>
                ))}
              </div>
            )}
          </Card>
        </>
      )}
    </Space>
  );
}
