/**
 * Benchmarking scorecards (同业对标): a period's scorecard of the units under a root with their
 * ranks, each indicator's value and points; a unit's score trend (ECharts); drill-down from a
 * cell to the records behind it; Excel and PDF exports; compute / recompute.
 */
import { Suspense, useMemo, useState } from 'react';
import { Alert, Button, Card, DatePicker, Drawer, Segmented, Skeleton, Space, Switch, Table, Tag, Tooltip, Typography, message } from 'antd';
import { FileExcelOutlined, FilePdfOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { call, http, type Reply } from '../../api/http';
import { useAuth } from '../../app/auth';
import OrgSelect from '../../components/OrgSelect';
import { LoadError } from '../../components/Problems';
import { EChart } from '../../components/charts';
import InspectionForm from './InspectionForm';

type Run = Reply<'/api/scorecards/runs/{id}', 'get'>;
type UnitRow = Run['results'][number];
type Line = UnitRow['lines'][number];
type IndicatorKey = Line['indicator'];

/** A stored decimal text for display: rates as percent with 2 decimals, per-10k figures as they are. */
const shown = (v: string | null, indicator: IndicatorKey) => (v === null ? '—' : indicator === 'complaints_per_10k' ? v : `${(Number(v) * 100).toFixed(2)}%`);

function periodText(kind: 'month' | 'quarter', d: Dayjs) {
  return kind === 'month' ? d.format('YYYY-MM') : `${d.year()}-Q${Math.floor(d.month() / 3) + 1}`;
}

export default function ScorecardsPage() {
  const { t, i18n } = useTranslation();
  const { can, me } = useAuth();
  const qc = useQueryClient();
  const en = i18n.language.startsWith('en');
  const [kind, setKind] = useState<'month' | 'quarter'>('month');
  const [date, setDate] = useState<Dayjs>(dayjs());
  const [root, setRoot] = useState<number | undefined>();
  const [unit, setUnit] = useState<UnitRow | null>(null);
  const [drill, setDrill] = useState<{ unit: UnitRow; indicator: IndicatorKey } | null>(null);
  const [recording, setRecording] = useState(false);
  const period = periodText(kind, date);

  const rootId = root ?? me?.orgUnitId;
  // the latest run of the period for the root (the server's default level: the one below the root)
  const runs = useQuery({
    queryKey: ['scorecard-runs', period, rootId],
    queryFn: ({ signal }) => call(http.GET('/api/scorecards/runs', { params: { query: { period, rootOrgUnitId: rootId, limit: 1 } }, signal }), signal),
    enabled: rootId !== undefined,
  });
  const runId = runs.data?.[0]?.id;
  const run = useQuery({
    queryKey: ['scorecard', runId],
    queryFn: ({ signal }) => call(http.GET('/api/scorecards/runs/{id}', { params: { path: { id: runId! } }, signal }), signal),
    enabled: runId !== undefined,
  });
  const notComputed = runs.data !== undefined && runs.data.length === 0;
  const compute = useMutation({
    mutationFn: () => call(http.POST('/api/scorecards/runs', { body: { period, rootOrgUnitId: root } })),
    onSuccess: (r) => {
      qc.setQueryData(['scorecard', r.id], r);
      qc.invalidateQueries({ queryKey: ['scorecard-runs'] });
      qc.invalidateQueries({ queryKey: ['scorecard-trend'] });
    },
    onError: (e) => message.error(e.message),
  });
  const d = run.data;
  const indicators = d?.results[0]?.lines.map((l) => l.indicator) ?? [];
  const name = (u: UnitRow) => (en && u.nameEn ? u.nameEn : u.name);

  const columns = [
    {
      title: t('score.rank'),
      dataIndex: 'rank',
      width: 64,
      fixed: 'left' as const,
      render: (r: number | null) => (r === null ? '—' : <Tag color={r === 1 ? 'gold' : undefined}>{r}</Tag>),
    },
    {
      title: t('score.unit'),
      key: 'unit',
      width: 140,
      fixed: 'left' as const,
      render: (_: unknown, u: UnitRow) => <a onClick={() => setUnit(u)}>{name(u)}</a>,
    },
    { title: t('score.score'), dataIndex: 'score', width: 80, render: (s: string | null) => <b>{s ?? '—'}</b> },
    { title: t('score.points'), key: 'points', width: 110, render: (_: unknown, u: UnitRow) => `${u.points} / ${u.maxPoints}` },
    ...indicators.map((k) => ({
      title: t(`score.indicators.${k}`),
      key: k,
      width: 120,
      render: (_: unknown, u: UnitRow) => {
        const l = u.lines.find((x) => x.indicator === k)!;
        return l.status === 'missing' ? (
          <Tooltip title={t(`score.missingReasons.${l.missing ?? 'no_data'}`, { defaultValue: l.missing ?? '' })}>
            <a onClick={() => setDrill({ unit: u, indicator: k })} data-testid={`cell-${u.code}-${k}`}>
              <Tag>{t('score.missing')}</Tag>
            </a>
          </Tooltip>
        ) : (
          <a onClick={() => setDrill({ unit: u, indicator: k })} data-testid={`cell-${u.code}-${k}`}>
            {shown(l.value, k)} <Typography.Text type="secondary">({l.points})</Typography.Text>
          </a>
        );
      },
    })),
  ];

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <div className="gd-page-title">
          <Typography.Title level={3}>{t('score.title')}</Typography.Title>
        </div>
        <Space wrap>
          <Segmented
            value={kind}
            onChange={(v) => setKind(v as 'month')}
            options={[
              { value: 'month', label: t('score.month') },
              { value: 'quarter', label: t('score.quarter') },
            ]}
          />
          <DatePicker picker={kind} value={date} onChange={(v) => v && setDate(v)} allowClear={false} data-testid="score-period" />
          <OrgSelect value={root} onChange={setRoot} allowClear placeholder={t('score.myOrg')} style={{ width: 220 }} />
          {can('scorecards.compute') && (
            <Button type="primary" icon={<ReloadOutlined />} loading={compute.isPending} onClick={() => compute.mutate()} data-testid="score-compute">
              {d ? t('score.recompute') : t('score.compute')}
            </Button>
          )}
          {d && (
            <>
              <Button icon={<FileExcelOutlined />} href={`/api/scorecards/runs/${d.id}/export.xlsx?lang=${en ? 'en' : 'zh-CN'}`}>
                {t('score.excel')}
              </Button>
              <Button icon={<FilePdfOutlined />} href={`/api/scorecards/runs/${d.id}/export.pdf?lang=${en ? 'en' : 'zh-CN'}`}>
                {t('score.pdf')}
              </Button>
            </>
          )}
        </Space>
        {d && (
          <div style={{ marginTop: 8 }}>
            <Typography.Text type="secondary">
              {t('score.computed', { at: dayjs(d.computedAt).format('YYYY-MM-DD HH:mm'), code: d.scheme.code, version: d.scheme.version })}
            </Typography.Text>
          </div>
        )}
      </Card>
      {notComputed ? (
        <Alert type="info" title={t('score.notComputed')} data-testid="score-empty" />
      ) : runs.error || run.error ? (
        <LoadError error={runs.error ?? run.error} onRetry={() => (runs.error ? runs.refetch() : run.refetch())} />
      ) : !d ? (
        <Card>
          <Skeleton active />
        </Card>
      ) : (
        <Card>
          <Table<UnitRow>
            rowKey="orgUnitId"
            size="small"
            data-testid="score-table"
            columns={columns}
            dataSource={d.results}
            pagination={false}
            scroll={{ x: 400 + indicators.length * 120 }}
          />
        </Card>
      )}
      <Card title={unit ? t('score.trendOf', { unit: name(unit) }) : t('score.trend')}>
        {unit ? <Trend orgUnitId={unit.orgUnitId} /> : <Typography.Text type="secondary">{t('score.pickUnit')}</Typography.Text>}
      </Card>
      <Card
        title={t('score.inspections.title')}
        extra={
          can('scorecards.inspect') && (
            <Button icon={<PlusOutlined />} onClick={() => setRecording(true)} data-testid="inspection-new">
              {t('score.form.open')}
            </Button>
          )
        }
      >
        <Inspections period={period} kind={kind} />
      </Card>
      <InspectionForm open={recording} onClose={() => setRecording(false)} />
      <Drawer
        open={!!drill}
        onClose={() => setDrill(null)}
        size="large"
        title={drill ? `${name(drill.unit)} · ${t(`score.indicators.${drill.indicator}`)}` : ''}
      >
        {drill && d && <DrillDown runId={d.id} unitId={drill.unit.orgUnitId} indicator={drill.indicator} />}
      </Drawer>
    </Space>
  );
}

function Trend({ orgUnitId }: { orgUnitId: number }) {
  const { t } = useTranslation();
  const q = useQuery({
    queryKey: ['scorecard-trend', orgUnitId],
    queryFn: ({ signal }) => call(http.GET('/api/scorecards/trend', { params: { query: { orgUnitId, periods: 12 } }, signal }), signal),
  });
  const option = useMemo(() => {
    const pts = q.data?.points ?? [];
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0, data: [t('score.score'), t('score.rank')] },
      grid: { left: 48, right: 48, top: 40, bottom: 30 },
      xAxis: { type: 'category', data: pts.map((p) => p.period) },
      yAxis: [
        { type: 'value', name: t('score.score'), min: 0, max: 100 },
        { type: 'value', name: t('score.rank'), inverse: true, minInterval: 1 },
      ],
      series: [
        { name: t('score.score'), type: 'line', data: pts.map((p) => (p.score === null ? null : Number(p.score))) },
        { name: t('score.rank'), type: 'bar', yAxisIndex: 1, barWidth: 12, data: pts.map((p) => p.rank) },
      ],
    };
  }, [q.data, t]);
  if (q.error) return <LoadError error={q.error} onRetry={() => q.refetch()} />;
  return (
    <Suspense fallback={<Skeleton active />}>
      <EChart option={option} height={260} testId="score-trend" />
    </Suspense>
  );
}

function DrillDown({ runId, unitId, indicator }: { runId: number; unitId: number; indicator: IndicatorKey }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  const [page, setPage] = useState(1);
  const [numeratorOnly, setNumeratorOnly] = useState(false);
  const size = 20;
  const q = useQuery({
    queryKey: ['scorecard-drill', runId, unitId, indicator, page, numeratorOnly],
    queryFn: ({ signal }) =>
      call(
        http.GET('/api/scorecards/runs/{id}/units/{unitId}/indicators/{indicator}/records', {
          params: { path: { id: runId, unitId, indicator }, query: { limit: size, offset: (page - 1) * size, numeratorOnly } },
          signal,
        }),
        signal,
      ),
  });
  if (q.error) return <LoadError error={q.error} onRetry={() => q.refetch()} />;
  const d = q.data;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="score-drill">
      {d && (
        <>
          <Typography.Paragraph>
            <b>{t('score.numerator')}</b>: {en ? d.definition.numerator.en : d.definition.numerator.zh}
            <br />
            <b>{t('score.denominator')}</b>: {en ? d.definition.denominator.en : d.definition.denominator.zh}
            <br />
            <Tag>{t(`score.better.${d.definition.direction}`)}</Tag>
            {t('score.snapshot', { num: d.snapshot.numerator, den: d.snapshot.denominator })}
            {d.snapshot.status === 'missing' && (
              <Tag color="orange">{t(`score.missingReasons.${d.snapshot.missing ?? 'no_data'}`, { defaultValue: d.snapshot.missing ?? '' })}</Tag>
            )}
          </Typography.Paragraph>
          <Space>
            <Switch
              checked={numeratorOnly}
              onChange={(v) => {
                setNumeratorOnly(v);
                setPage(1);
              }}
            />
            {t('score.numeratorOnly')}
          </Space>
        </>
      )}
      <Table
        rowKey={(r) => `${r.id}-${r.ref}`}
        size="small"
        loading={q.isLoading}
        dataSource={d?.items ?? []}
        pagination={{ current: page, pageSize: size, total: d?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        columns={[
          { title: t('score.ref'), dataIndex: 'ref' },
          { title: t('score.at'), dataIndex: 'at', render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm') },
          {
            title: t('score.side'),
            dataIndex: 'inNumerator',
            render: (v: boolean) => (v ? <Tag color="blue">{t('score.inNumerator')}</Tag> : <Tag>{t('score.inDenominator')}</Tag>),
          },
          { title: t('score.state'), dataIndex: 'state' },
        ]}
      />
    </Space>
  );
}

/** The period's window inspections and secret visits (暗访) in the user's scope: points, findings with rectification dates, photos. */
function Inspections({ period, kind }: { period: string; kind: 'month' | 'quarter' }) {
  const { t } = useTranslation();
  const [y, rest] = period.split('-');
  const month = kind === 'month' ? rest : String((Number(rest.slice(1)) - 1) * 3 + 1).padStart(2, '0');
  const first = dayjs(`${y}-${month}-01T00:00:00+08:00`);
  const from = first.toISOString();
  const to = first.add(kind === 'month' ? 1 : 3, 'month').toISOString();
  const q = useQuery({
    queryKey: ['inspections', from, to],
    queryFn: ({ signal }) => call(http.GET('/api/scorecards/inspections', { params: { query: { from, to, limit: 100 } }, signal }), signal),
  });
  if (q.error) return <LoadError error={q.error} onRetry={() => q.refetch()} />;
  type Row = NonNullable<typeof q.data>[number];
  return (
    <Table<Row>
      rowKey="id"
      size="small"
      loading={q.isLoading}
      data-testid="score-inspections"
      dataSource={q.data ?? []}
      pagination={false}
      locale={{ emptyText: t('score.inspections.none') }}
      columns={[
        { title: t('score.at'), dataIndex: 'inspectedAt', render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm') },
        { title: t('score.unit'), dataIndex: 'orgUnitName' },
        { title: t('score.inspections.kind'), dataIndex: 'kind', render: (v: string) => <Tag>{t(`score.inspections.kinds.${v}`, { defaultValue: v })}</Tag> },
        { title: t('score.points'), key: 'points', render: (_: unknown, r: Row) => `${r.points} / ${r.maxPoints}` },
        { title: t('score.inspections.inspector'), dataIndex: 'inspectorName' },
        {
          title: t('score.inspections.findings'),
          key: 'findings',
          render: (_: unknown, r: Row) => (
            <Space orientation="vertical" size={0}>
              {r.items
                .filter((x) => x.points < x.maxPoints)
                .map((x) => (
                  <span key={x.code}>
                    {x.code} {x.finding} <Tag color="orange">{x.rectifyBy}</Tag>
                  </span>
                ))}
              {r.photos.map((ph) => (
                <a key={ph.id} href={`/api/scorecards/inspections/${r.id}/photos/${ph.id}`} target="_blank" rel="noreferrer">
                  {ph.fileName}
                </a>
              ))}
            </Space>
          ),
        },
      ]}
    />
  );
}
