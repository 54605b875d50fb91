/** 大客户年度检查: the year's plan, each inspection's state, results with findings and rectification (GET/POST /api/connections/inspections…). */
import { useState } from 'react';
import { Alert, App, Button, DatePicker, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { connections, type Inspection, type InspectionResult } from '../../api/connections';
import { errorText } from '../../api/client';
import { useAuth } from '../../app/auth';
import { LoadError } from '../../components/Problems';
import { label } from '../../components/labels';

const STATE_COLOR: Record<Inspection['state'], string> = {
  planned: 'blue',
  overdue: 'red',
  done: 'green',
  rectifying: 'orange',
  rectification_overdue: 'volcano',
  closed: 'green',
};

type Finding = InspectionResult['findings'][number];

function ResultModal({ item, onClose }: { item: Inspection; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [doneOn, setDoneOn] = useState<Dayjs | null>(dayjs());
  const [findings, setFindings] = useState<Finding[]>([]);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function save() {
    setError(null);
    setBusy(true);
    try {
      await connections.inspectionResult(item.id, {
        doneOn: doneOn!.format('YYYY-MM-DD'),
        findings: findings.filter((f) => f.item.trim()),
        ...(note ? { note } : {}),
      });
      message.success(t('common.saved'));
      await qc.invalidateQueries({ queryKey: ['inspections'] });
      onClose();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Modal
      open
      title={`${t('conn.insp.record')} · ${item.customerName}`}
      onCancel={onClose}
      onOk={save}
      okButtonProps={{ disabled: !doneOn, loading: busy }}
      destroyOnHidden
    >
      <Space orientation="vertical" style={{ width: '100%' }} data-testid="insp-result">
        <Space>
          {t('conn.insp.doneOn')}
          <DatePicker value={doneOn} onChange={setDoneOn} />
        </Space>
        {findings.map((f, i) => (
          <Space key={i} wrap>
            <Input
              style={{ width: 260 }}
              placeholder={t('conn.insp.finding')}
              value={f.item}
              onChange={(e) => setFindings(findings.map((x, j) => (j === i ? { ...x, item: e.target.value } : x)))}
            />
            <Select
              value={f.severity}
              style={{ width: 100 }}
              onChange={(v) => setFindings(findings.map((x, j) => (j === i ? { ...x, severity: v } : x)))}
              options={(['minor', 'major'] as const).map((v) => ({ value: v, label: label('conn.insp.severities', v) }))}
            />
            <DatePicker
              placeholder={t('conn.insp.rectifyBy')}
              value={f.rectifyBy ? dayjs(f.rectifyBy) : null}
              onChange={(d) => setFindings(findings.map((x, j) => (j === i ? { ...x, rectifyBy: d ? d.format('YYYY-MM-DD') : undefined } : x)))}
            />
            <Button size="small" onClick={() => setFindings(findings.filter((_, j) => j !== i))}>
              {t('conn.insp.remove')}
            </Button>
          </Space>
        ))}
        <Button size="small" onClick={() => setFindings([...findings, { item: '', severity: 'minor' }])}>
          {t('conn.insp.addFinding')}
        </Button>
        <Input.TextArea rows={2} placeholder={t('conn.insp.note')} value={note} onChange={(e) => setNote(e.target.value)} />
        {error && <Alert type="error" showIcon title={error} />}
      </Space>
    </Modal>
  );
}

export function InspectionsPanel() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const thisYear = dayjs().year();
  const [year, setYear] = useState(thisYear);
  const [state, setState] = useState<Inspection['state'] | undefined>();
  const [page, setPage] = useState(1);
  const [recording, setRecording] = useState<Inspection | null>(null);
  const q = useQuery({
    queryKey: ['inspections', year, state, page],
    queryFn: () => connections.inspections({ year, state, limit: 20, offset: (page - 1) * 20 }),
    placeholderData: keepPreviousData,
  });
  async function plan() {
    try {
      const r = await connections.planInspections(year);
      message.success(t('conn.insp.planned', { created: r.created, already: r.alreadyPlanned }));
      await qc.invalidateQueries({ queryKey: ['inspections'] });
    } catch (e) {
      message.error(errorText(e));
    }
  }
  async function rectified(i: Inspection) {
    try {
      await connections.inspectionRectified(i.id, dayjs().format('YYYY-MM-DD'));
      message.success(t('common.saved'));
      await qc.invalidateQueries({ queryKey: ['inspections'] });
    } catch (e) {
      message.error(errorText(e));
    }
  }
  if (q.error) return <LoadError error={q.error} onRetry={() => q.refetch()} />;
  const d = q.data;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Select
          value={year}
          style={{ width: 110 }}
          onChange={(v) => {
            setYear(v);
            setPage(1);
          }}
          options={[thisYear - 1, thisYear, thisYear + 1].map((y) => ({ value: y, label: String(y) }))}
          data-testid="insp-year"
        />
        <Select
          allowClear
          placeholder={t('conn.insp.state')}
          style={{ width: 150 }}
          value={state}
          onChange={(v) => {
            setState(v);
            setPage(1);
          }}
          options={Object.keys(STATE_COLOR).map((s) => ({ value: s, label: label('conn.insp.states', s) }))}
        />
        {d &&
          (Object.keys(STATE_COLOR) as Inspection['state'][]).map((s) =>
            d.counts[s] ? (
              <Tag key={s} color={STATE_COLOR[s]}>
                {label('conn.insp.states', s)} {d.counts[s]}
              </Tag>
            ) : null,
          )}
        {d && d.unplanned > 0 && <Tag color="red">{t('conn.insp.unplanned', { n: d.unplanned })}</Tag>}
        {can('connections.write') && year >= thisYear && (
          <Button type="primary" onClick={plan} data-testid="insp-plan">
            {t('conn.insp.plan')}
          </Button>
        )}
      </Space>
      <Typography.Text type="secondary">{t('conn.insp.rule')}</Typography.Text>
      <Table<Inspection>
        rowKey="id"
        size="middle"
        loading={q.isFetching}
        dataSource={d?.items ?? []}
        data-testid="insp-table"
        pagination={{ current: page, pageSize: 20, total: d?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        columns={[
          { title: t('conn.applicant'), dataIndex: 'customerName' },
          { title: t('conn.large.contractedKva'), dataIndex: 'contractedKva', align: 'right' },
          { title: t('conn.insp.plannedOn'), dataIndex: 'plannedOn' },
          {
            title: t('conn.insp.state'),
            dataIndex: 'state',
            render: (s: Inspection['state']) => <Tag color={STATE_COLOR[s]}>{label('conn.insp.states', s)}</Tag>,
          },
          { title: t('conn.insp.doneOn'), dataIndex: 'doneOn', render: (v) => v ?? '—' },
          {
            title: t('conn.insp.findings'),
            dataIndex: 'findings',
            render: (fs: Inspection['findings']) => (
              <Space size={2} wrap>
                {fs.map((f, i) => (
                  <Tag key={i} color={f.severity === 'major' ? 'volcano' : 'default'}>
                    {f.item}
                  </Tag>
                ))}
              </Space>
            ),
          },
          {
            title: t('conn.insp.rectificationDue'),
            dataIndex: 'rectificationDue',
            render: (v, r) => (v ? `${v}${r.rectifiedOn ? ` ✓ ${r.rectifiedOn}` : ''}` : '—'),
          },
          {
            title: '',
            key: 'act',
            render: (_, r) =>
              !can('connections.write') ? null : !r.doneOn ? (
                <Button size="small" onClick={() => setRecording(r)}>
                  {t('conn.insp.record')}
                </Button>
              ) : r.rectificationDue && !r.rectifiedOn ? (
                <Button size="small" onClick={() => rectified(r)}>
                  {t('conn.insp.markRectified')}
                </Button>
              ) : null,
          },
        ]}
      />
      {recording && <ResultModal item={recording} onClose={() => setRecording(null)} />}
    </Space>
  );
}
