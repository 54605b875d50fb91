/**
 * Group ledger (会计核算): chart of accounts (tree, code rule, posting rules), entries with their
 * lines (reverse), the trial balance of a unit and period with its totals row and balance check,
 * consolidation of the unit's subtree with eliminations, period close and Excel downloads.
 * Every figure from the ledger API (src/modules/ledger); amounts are integer fen shown as yuan.
 */
import { useMemo, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Select,
  Space,
  Switch,
  Table,
  Tabs,
  Tag,
  Tree,
  Typography,
} from 'antd';
import { CheckCircleTwoTone, CloseCircleTwoTone, FileExcelOutlined, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { call, http, type Reply } from '../../api/http';
import { errorText } from '../../api/client';
import { LoadError } from '../../components/Problems';
import { useAuth } from '../../app/auth';
import { applyFormErrors } from '../../components/formErrors';
import { fenOf, yuanPlain as yuan } from '../../components/money';

type Unit = Reply<'/api/ledger/units', 'get'>[number];
type Chart = Reply<'/api/ledger/accounts', 'get'>;
type Account = Chart['accounts'][number];
type TrialBalance = Reply<'/api/ledger/trial-balance', 'get'>;
type TbRow = TrialBalance['rows'][number];
type Consolidation = Reply<'/api/ledger/consolidation', 'get'>;
type ConsRow = Consolidation['rows'][number];
type Entry = Reply<'/api/ledger/entries', 'get'>['items'][number];
type Line = Entry['lines'][number];

const money = (fen: number) => <span style={{ fontVariantNumeric: 'tabular-nums' }}>{yuan(fen)}</span>;
const periodOf = (d: Dayjs) => d.year() * 100 + d.month() + 1;

function useAccountName() {
  const { i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  return (a: { name: string; nameEn: string | null }) => (en && a.nameEn ? a.nameEn : a.name);
}

function ChartTab({ unit }: { unit: Unit }) {
  const { t } = useTranslation();
  const label = useAccountName();
  const q = useQuery({
    queryKey: ['ledger-chart', unit.orgUnitId],
    queryFn: () => call(http.GET('/api/ledger/accounts', { params: { query: { orgUnitId: unit.orgUnitId } } })),
  });
  const tree = useMemo(() => {
    type Node = { key: number; title: React.ReactNode; children: Node[] };
    const nodes = new Map<number, Node>();
    const roots: Node[] = [];
    for (const a of q.data?.accounts ?? []) {
      nodes.set(a.id, {
        key: a.id,
        title: (
          <span>
            {a.code} {label(a)} <Tag>{t(`ledger.sides.${a.normalSide}`)}</Tag>
            {a.orgUnitId !== null && <Tag color="blue">{t('ledger.unitAccount')}</Tag>}
          </span>
        ),
        children: [],
      });
    }
    for (const a of q.data?.accounts ?? []) {
      const n = nodes.get(a.id)!;
      if (a.parentId !== null && nodes.has(a.parentId)) nodes.get(a.parentId)!.children.push(n);
      else roots.push(n);
    }
    return roots;
  }, [q.data, t, label]);
  if (q.error) return <LoadError error={q.error} />;
  if (!q.data) return null;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Alert
        type="info"
        showIcon
        message={t('ledger.codeRule', { rule: q.data.codeRule.segmentLengths.join('-'), n: q.data.codeRule.groupLevels })}
        description={q.data.codeRule.source}
      />
      <Card size="small" title={t('ledger.chart')}>
        <Tree treeData={tree} defaultExpandAll={false} defaultExpandedKeys={tree.map((n) => n.key)} showLine />
      </Card>
      <Card size="small" title={t('ledger.postingRules')}>
        <Table
          rowKey={(r) => `${r.eventType}-${r.seq}-${r.customerClass}`}
          size="small"
          pagination={false}
          dataSource={q.data.postingRules}
          columns={[
            { title: t('ledger.eventType'), dataIndex: 'eventType', render: (e: string) => t(`ledger.events.${e}`, { defaultValue: e }) },
            { title: '#', dataIndex: 'seq' },
            {
              title: t('ledger.customerClass'),
              dataIndex: 'customerClass',
              render: (c: string | null) => (c ? t(`bill.classes.${c}`, { defaultValue: c }) : t('ledger.anyClass')),
            },
            { title: t('ledger.side'), dataIndex: 'side', render: (s: string) => t(`ledger.sides.${s}`) },
            { title: t('ledger.amountKey'), dataIndex: 'amountKey' },
            {
              title: t('ledger.account'),
              dataIndex: 'accountCode',
              render: (c: string) => {
                const a = q.data.accounts.find((x: Account) => x.code === c);
                return a ? `${c} ${label(a)}` : c;
              },
            },
          ]}
        />
      </Card>
    </Space>
  );
}

interface ManualForm {
  date: Dayjs;
  memo: string;
  lines: { accountCode?: string; debit?: string; credit?: string }[];
}

/** A manual entry (手工凭证): balanced lines on the unit's accounts; the server checks again and names what is wrong. */
function ManualEntry({ unit, period, onDone }: { unit: Unit; period: number; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const label = useAccountName();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<ManualForm>();
  const [err, setErr] = useState<string | null>(null);
  const chart = useQuery({
    queryKey: ['ledger-chart', unit.orgUnitId],
    queryFn: () => call(http.GET('/api/ledger/accounts', { params: { query: { orgUnitId: unit.orgUnitId } } })),
    enabled: open,
  });
  const lines = Form.useWatch('lines', form) ?? [];
  const d = lines.reduce((s, l) => s + (fenOf(l?.debit) ?? 0), 0),
    c = lines.reduce((s, l) => s + (fenOf(l?.credit) ?? 0), 0);
  const save = useMutation({
    mutationFn: (v: ManualForm) =>
      call(
        http.POST('/api/ledger/entries', {
          body: {
            orgUnitId: unit.orgUnitId,
            date: v.date.format('YYYY-MM-DD'),
            memo: v.memo,
            lines: v.lines.map((l) => ({
              accountCode: l.accountCode ?? '',
              ...(fenOf(l.debit) ? { debitFen: fenOf(l.debit)! } : {}),
              ...(fenOf(l.credit) ? { creditFen: fenOf(l.credit)! } : {}),
            })),
          },
        }),
      ),
    onSuccess: (r) => {
      message.success(t('ledger.posted', { id: r.entryId }));
      setOpen(false);
      form.resetFields();
      onDone();
    },
    onError: (e) => setErr(applyFormErrors(form, e)),
  });
  const y = Math.floor(period / 100),
    m = period % 100;
  return (
    <>
      <Button
        type="primary"
        icon={<PlusOutlined />}
        onClick={() => {
          setErr(null);
          setOpen(true);
        }}
      >
        {t('ledger.newEntry')}
      </Button>
      <Modal
        open={open}
        width={760}
        title={t('ledger.newEntry')}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        confirmLoading={save.isPending}
        okText={t('common.submit')}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          initialValues={{
            date: dayjs(`${y}-${String(m).padStart(2, '0')}-01`)
              .endOf('month')
              .isAfter(dayjs())
              ? dayjs()
              : dayjs(`${y}-${String(m).padStart(2, '0')}-01`).endOf('month'),
            lines: [{}, {}],
          }}
          onFinish={(v) => {
            setErr(null);
            save.mutate(v);
          }}
        >
          <Space wrap>
            <Form.Item name="date" label={t('ledger.date')} rules={[{ required: true }]}>
              <DatePicker allowClear={false} />
            </Form.Item>
            <Form.Item name="memo" label={t('ledger.memo')} rules={[{ required: true, max: 200 }]}>
              <Input style={{ width: 420 }} />
            </Form.Item>
          </Space>
          <Form.List name="lines">
            {(fields, { add, remove }, { errors }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} align="baseline" wrap>
                    <Form.Item name={[f.name, 'accountCode']} rules={[{ required: true }]}>
                      <Select
                        showSearch
                        style={{ width: 300 }}
                        placeholder={t('ledger.account')}
                        optionFilterProp="label"
                        loading={chart.isLoading}
                        options={(chart.data?.accounts ?? []).map((a) => ({ value: a.code, label: `${a.code} ${label(a)}` }))}
                      />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'debit']}
                      rules={[
                        {
                          validator: (_, v) =>
                            v == null || v === '' || fenOf(v) !== null ? Promise.resolve() : Promise.reject(new Error(t('ledger.amountFormat'))),
                        },
                      ]}
                    >
                      <InputNumber<string> stringMode min="0" precision={2} placeholder={t('ledger.debit')} style={{ width: 150 }} />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'credit']}
                      rules={[
                        {
                          validator: (_, v) =>
                            v == null || v === '' || fenOf(v) !== null ? Promise.resolve() : Promise.reject(new Error(t('ledger.amountFormat'))),
                        },
                      ]}
                    >
                      <InputNumber<string> stringMode min="0" precision={2} placeholder={t('ledger.credit')} style={{ width: 150 }} />
                    </Form.Item>
                    {fields.length > 2 && <MinusCircleOutlined onClick={() => remove(f.name)} />}
                  </Space>
                ))}
                <Button type="dashed" onClick={() => add({})} icon={<PlusOutlined />}>
                  {t('ledger.addLine')}
                </Button>
                <Form.ErrorList errors={errors} />
              </>
            )}
          </Form.List>
          <div style={{ marginTop: 12 }}>
            {t('ledger.debit')} {money(d)} · {t('ledger.credit')} {money(c)} · <Balanced ok={d === c && d > 0} />
          </div>
          {err && <Alert style={{ marginTop: 12 }} type="error" showIcon message={err} data-testid="form-error" />}
        </Form>
      </Modal>
    </>
  );
}

function EntriesTab({ unit, period }: { unit: Unit; period: number }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can } = useAuth();
  const qc = useQueryClient();
  const label = useAccountName();
  const [account, setAccount] = useState('');
  const [page, setPage] = useState(1);
  const accountCode = /^\d{2,24}$/.test(account) ? account : undefined;
  const q = useQuery({
    queryKey: ['ledger-entries', unit.orgUnitId, period, accountCode, page],
    queryFn: () =>
      call(http.GET('/api/ledger/entries', { params: { query: { orgUnitId: unit.orgUnitId, period, accountCode, limit: 20, offset: (page - 1) * 20 } } })),
  });
  const reverse = useMutation({
    mutationFn: (id: number) => call(http.POST('/api/ledger/entries/{id}/reverse', { params: { path: { id } }, body: {} })),
    onSuccess: (r) => {
      message.success(t('ledger.reverseDone', { id: r.entryId }));
      void qc.invalidateQueries({ queryKey: ['ledger-entries'] });
      void qc.invalidateQueries({ queryKey: ['ledger-tb'] });
    },
    onError: (e) => message.error(errorText(e)),
  });
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        {can('ledger.write') && (
          <ManualEntry
            unit={unit}
            period={period}
            onDone={() => {
              void qc.invalidateQueries({ queryKey: ['ledger-entries'] });
              void qc.invalidateQueries({ queryKey: ['ledger-tb'] });
            }}
          />
        )}
        <Input.Search
          allowClear
          placeholder={t('ledger.filterAccount')}
          style={{ width: 260 }}
          onSearch={(v) => {
            setAccount(v.trim());
            setPage(1);
          }}
        />
        {accountCode && (
          <Button icon={<FileExcelOutlined />} href={`/api/ledger/ledger.xlsx?orgUnitId=${unit.orgUnitId}&period=${period}&accountCode=${accountCode}`}>
            {t('ledger.ledgerExcel')}
          </Button>
        )}
      </Space>
      {q.error ? (
        <LoadError error={q.error} />
      ) : (
        <Table<Entry>
          rowKey="id"
          size="small"
          loading={q.isLoading}
          dataSource={q.data?.items ?? []}
          pagination={{ current: page, pageSize: 20, total: q.data?.total ?? 0, onChange: setPage, showTotal: (n) => t('common.total', { count: n }) }}
          expandable={{
            expandedRowRender: (e) => (
              <Table<Line>
                rowKey="lineNo"
                size="small"
                pagination={false}
                dataSource={e.lines}
                columns={[
                  {
                    title: t('ledger.account'),
                    render: (_: unknown, l: Line) => `${l.accountCode} ${label({ name: l.accountName, nameEn: l.accountNameEn })}`,
                  },
                  { title: t('ledger.debit'), dataIndex: 'debitFen', align: 'right', render: (f: number) => (f ? money(f) : '') },
                  { title: t('ledger.credit'), dataIndex: 'creditFen', align: 'right', render: (f: number) => (f ? money(f) : '') },
                  { title: t('ledger.counterUnit'), dataIndex: 'counterOrgUnitId', render: (c: number | null) => c ?? '' },
                  { title: t('ledger.memo'), dataIndex: 'memo' },
                ]}
              />
            ),
          }}
          columns={[
            { title: '#', dataIndex: 'id' },
            { title: t('ledger.date'), dataIndex: 'entryDate' },
            {
              title: t('ledger.source'),
              render: (_: unknown, e: Entry) => (
                <span>
                  <Tag>{t(`ledger.events.${e.sourceType}`, { defaultValue: e.sourceType })}</Tag>
                  <Typography.Text type="secondary">{e.sourceId}</Typography.Text>
                </span>
              ),
            },
            { title: t('ledger.memo'), dataIndex: 'memo' },
            { title: t('ledger.debit'), align: 'right', render: (_: unknown, e: Entry) => money(e.lines.reduce((s, l) => s + l.debitFen, 0)) },
            {
              title: '',
              render: (_: unknown, e: Entry) =>
                e.reversedByEntryId !== null ? (
                  <Tag color="red">{t('ledger.reversed', { id: e.reversedByEntryId })}</Tag>
                ) : e.reversesEntryId !== null ? (
                  <Tag color="orange">{t('ledger.reversal', { id: e.reversesEntryId })}</Tag>
                ) : can('ledger.write') ? (
                  <Popconfirm title={t('ledger.reverseConfirm')} onConfirm={() => reverse.mutate(e.id)}>
                    <Button size="small" danger loading={reverse.isPending && reverse.variables === e.id}>
                      {t('ledger.reverse')}
                    </Button>
                  </Popconfirm>
                ) : null,
            },
          ]}
        />
      )}
    </Space>
  );
}

function Balanced({ ok }: { ok: boolean }) {
  const { t } = useTranslation();
  return ok ? (
    <span>
      <CheckCircleTwoTone twoToneColor="#52c41a" /> {t('ledger.balanced')}
    </span>
  ) : (
    <span>
      <CloseCircleTwoTone twoToneColor="#ff4d4f" /> {t('ledger.unbalanced')}
    </span>
  );
}

function balanceColumns<T extends TbRow>(t: (k: string) => string, label: (a: { name: string; nameEn: string | null }) => string) {
  return [
    { title: t('ledger.code'), dataIndex: 'code', width: 140 },
    {
      title: t('ledger.name'),
      render: (_: unknown, r: T) => <span style={{ paddingLeft: (r.level - 1) * 16, fontWeight: r.level === 1 ? 600 : undefined }}>{label(r)}</span>,
    },
    { title: t('ledger.opening'), dataIndex: 'openingFen', align: 'right' as const, render: money },
    { title: t('ledger.debit'), dataIndex: 'debitFen', align: 'right' as const, render: money },
    { title: t('ledger.credit'), dataIndex: 'creditFen', align: 'right' as const, render: money },
    { title: t('ledger.closing'), dataIndex: 'closingFen', align: 'right' as const, render: money },
  ];
}

function TotalsRow({ totals, extra = 0 }: { totals: TrialBalance['totals']; extra?: number }) {
  const { t } = useTranslation();
  return (
    <Table.Summary fixed>
      <Table.Summary.Row>
        <Table.Summary.Cell index={0}>
          <b>{t('ledger.total')}</b>
        </Table.Summary.Cell>
        <Table.Summary.Cell index={1}>
          <Balanced ok={totals.balanced} />
        </Table.Summary.Cell>
        <Table.Summary.Cell index={2} align="right">
          <b>{money(totals.openingFen)}</b>
        </Table.Summary.Cell>
        <Table.Summary.Cell index={3} align="right">
          <b>{money(totals.debitFen)}</b>
        </Table.Summary.Cell>
        <Table.Summary.Cell index={4} align="right">
          <b>{money(totals.creditFen)}</b>
        </Table.Summary.Cell>
        <Table.Summary.Cell index={5} align="right">
          <b>{money(totals.closingFen)}</b>
        </Table.Summary.Cell>
        {Array.from({ length: extra }, (_, i) => (
          <Table.Summary.Cell key={i} index={6 + i} />
        ))}
      </Table.Summary.Row>
    </Table.Summary>
  );
}

const moved = (r: TbRow) => r.openingFen !== 0 || r.debitFen !== 0 || r.creditFen !== 0;

function TrialBalanceTab({ unit, period }: { unit: Unit; period: number }) {
  const { t } = useTranslation();
  const label = useAccountName();
  const [showZero, setShowZero] = useState(false);
  const q = useQuery({
    queryKey: ['ledger-tb', unit.orgUnitId, period],
    queryFn: () => call(http.GET('/api/ledger/trial-balance', { params: { query: { orgUnitId: unit.orgUnitId, period } } })),
  });
  if (q.error) return <LoadError error={q.error} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Button icon={<FileExcelOutlined />} href={`/api/ledger/trial-balance.xlsx?orgUnitId=${unit.orgUnitId}&period=${period}`}>
          {t('ledger.excel')}
        </Button>
        <Switch checked={showZero} onChange={setShowZero} /> {t('ledger.showZero')}
        <Typography.Text type="secondary">{t('ledger.balanceNote')}</Typography.Text>
      </Space>
      <Table<TbRow>
        rowKey="accountId"
        size="small"
        loading={q.isLoading}
        pagination={false}
        dataSource={(q.data?.rows ?? []).filter((r) => showZero || moved(r))}
        columns={balanceColumns<TbRow>(t, label)}
        summary={() => (q.data ? <TotalsRow totals={q.data.totals} /> : null)}
      />
    </Space>
  );
}

function ConsolidationTab({ unit, period }: { unit: Unit; period: number }) {
  const { t, i18n } = useTranslation();
  const label = useAccountName();
  const q = useQuery({
    queryKey: ['ledger-cons', unit.orgUnitId, period],
    queryFn: () => call(http.GET('/api/ledger/consolidation', { params: { query: { orgUnitId: unit.orgUnitId, period } } })),
  });
  if (q.error) return <LoadError error={q.error} />;
  if (!q.data) return null;
  const en = i18n.language.startsWith('en');
  const c = q.data;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Alert
        type={c.eliminated.matched ? 'success' : 'warning'}
        showIcon
        message={t('ledger.consolidationNote', { units: c.units.map((u) => (en && u.nameEn ? u.nameEn : u.name)).join(en ? ', ' : '、') })}
        description={`${c.eliminated.matched ? t('ledger.eliminationMatched') : t('ledger.eliminationUnmatched')} · ${t('ledger.eliminatedDebit')} ${yuan(c.eliminated.debitFen)} · ${t('ledger.eliminatedCredit')} ${yuan(c.eliminated.creditFen)}`}
      />
      <Table<ConsRow>
        rowKey="accountId"
        size="small"
        pagination={false}
        dataSource={c.rows.filter((r) => moved(r) || r.eliminatedDebitFen !== 0 || r.eliminatedCreditFen !== 0)}
        columns={[
          ...balanceColumns<ConsRow>(t, label),
          { title: t('ledger.eliminatedDebit'), dataIndex: 'eliminatedDebitFen', align: 'right' as const, render: (f: number) => (f ? money(f) : '') },
          { title: t('ledger.eliminatedCredit'), dataIndex: 'eliminatedCreditFen', align: 'right' as const, render: (f: number) => (f ? money(f) : '') },
        ]}
        summary={() => <TotalsRow totals={c.totals} extra={2} />}
      />
    </Space>
  );
}

function PeriodStatus({ unit, period }: { unit: Unit; period: number }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { can } = useAuth();
  const qc = useQueryClient();
  const q = useQuery({
    queryKey: ['ledger-periods', unit.orgUnitId],
    queryFn: () => call(http.GET('/api/ledger/periods', { params: { query: { orgUnitId: unit.orgUnitId } } })),
  });
  const close = useMutation({
    mutationFn: () => call(http.POST('/api/ledger/periods/{orgUnitId}/{period}/close', { params: { path: { orgUnitId: unit.orgUnitId, period } } })),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['ledger-periods'] }),
    onError: (e) => message.error(errorText(e)),
  });
  const closed = q.data?.find((p) => p.period === period)?.status === 'closed';
  return (
    <Space>
      <Tag color={closed ? 'default' : 'green'}>{closed ? t('ledger.closed') : t('ledger.open')}</Tag>
      {!closed && can('ledger.admin') && (
        <Popconfirm title={t('ledger.closeConfirm')} onConfirm={() => close.mutate()}>
          <Button size="small" loading={close.isPending}>
            {t('ledger.closePeriod')}
          </Button>
        </Popconfirm>
      )}
    </Space>
  );
}

export default function LedgerPage() {
  const { t, i18n } = useTranslation();
  const units = useQuery({ queryKey: ['ledger-units'], queryFn: () => call(http.GET('/api/ledger/units')) });
  const [unitId, setUnitId] = useState<number | undefined>();
  const [month, setMonth] = useState<Dayjs>(dayjs());
  const en = i18n.language.startsWith('en');
  if (units.error) return <LoadError error={units.error} />;
  const list = units.data ?? [];
  const unit = list.find((u) => u.orgUnitId === unitId) ?? list[0];
  const period = periodOf(month);
  return (
    <Card
      title={t('ledger.title')}
      loading={units.isLoading}
      extra={
        <Space wrap>
          <Select
            style={{ width: 220 }}
            value={unit?.orgUnitId}
            onChange={setUnitId}
            placeholder={t('ledger.unit')}
            options={list.map((u) => ({ value: u.orgUnitId, label: `${en && u.nameEn ? u.nameEn : u.name}` }))}
          />
          <DatePicker picker="month" value={month} onChange={(d) => d && setMonth(d)} allowClear={false} />
          {unit && <PeriodStatus unit={unit} period={period} />}
        </Space>
      }
    >
      {!unit ? (
        <Empty description={t('ledger.noUnits')} />
      ) : (
        <Tabs
          items={[
            { key: 'tb', label: t('ledger.trialBalance'), children: <TrialBalanceTab unit={unit} period={period} /> },
            { key: 'entries', label: t('ledger.entries'), children: <EntriesTab unit={unit} period={period} /> },
            { key: 'cons', label: t('ledger.consolidation'), children: <ConsolidationTab unit={unit} period={period} /> },
            { key: 'chart', label: t('ledger.chart'), children: <ChartTab unit={unit} /> },
          ]}
        />
      )}
    </Card>
  );
}
