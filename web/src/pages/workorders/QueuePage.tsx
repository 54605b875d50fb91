/** The work queue: open orders most urgent first, SLA countdown colours, filters kept in the URL. */
import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Button, Card, Input, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import { LeftOutlined, ReloadOutlined, RightOutlined } from '@ant-design/icons';
import { useQuery, keepPreviousData } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { wo, type QueueItem, type QueueQuery } from '../../api/workorders';
import { LoadError } from '../../components/Problems';
import { label } from '../../components/labels';
import { fmtTime } from '../../components/time';
import OrgSelect from '../../components/OrgSelect';
import { SlaCountdown } from '../../components/wo/sla';
import { StateTag, TypeTag, UrgencyTag } from '../../components/wo/tags';
import { useOrgName } from '../../components/useOrgName';

const PAGE = 30;
const TYPES = ['fault_repair', 'consultation', 'complaint', 'report', 'suggestion', 'praise', 'service_request'];
const CHANNELS = ['phone', 'web', 'mobile', 'counter', 'letter', 'fax', 'email', 'ref_12398', 'ref_12345'];
const SLA = ['ok', 'warning', 'breached', 'met', 'none'];

export default function QueuePage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const orgName = useOrgName();
  const get = (k: string) => params.get(k) ?? undefined;
  const set = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (!('offset' in patch)) next.delete('offset');
    setParams(next, { replace: true });
  };
  const scope = get('scope') ?? 'open';
  const offset = Number(get('offset') ?? 0);
  // the filters as the address bar holds them (the server checks each value)
  const filter = <K extends keyof QueueQuery>(k: K) => get(k) as QueueQuery[K];
  const query = useMemo(
    (): QueueQuery => ({
      view: scope === 'all' ? 'all' : 'open',
      assignee: scope === 'mine' ? 'me' : undefined,
      owner: scope === 'owned' ? 'me' : undefined,
      status: get('status') ? [get('status') as NonNullable<QueueQuery['status']>[number]] : undefined,
      orderType: filter('orderType'),
      channel: filter('channel'),
      urgency: filter('urgency'),
      slaState: filter('slaState'),
      orgUnitId: get('orgUnitId') ? Number(get('orgUnitId')) : undefined,
      q: get('q'),
      sort: filter('sort') ?? 'due',
      limit: PAGE,
      offset,
    }),
    // everything the query reads is derived from the address bar's parameters
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [params],
  );
  const q = useQuery({ queryKey: ['queue', query], queryFn: () => wo.queue(query), placeholderData: keepPreviousData, refetchInterval: 60_000 });

  return (
    <Card>
      <div className="gd-page-title">
        <Typography.Title level={3}>{t('wo.queue')}</Typography.Title>
        <Segmented
          value={scope}
          onChange={(v) => set({ scope: String(v) })}
          data-testid="queue-scope"
          options={[
            { value: 'open', label: t('wo.allOpen') },
            { value: 'mine', label: t('wo.myOrders') },
            { value: 'owned', label: t('wo.myOwned') },
            { value: 'all', label: t('wo.all') },
          ]}
        />
        <div style={{ flex: 1 }} />
        <Button icon={<ReloadOutlined />} onClick={() => q.refetch()} loading={q.isFetching}>
          {t('common.refresh')}
        </Button>
      </div>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          placeholder={t('wo.searchPlaceholder')}
          defaultValue={get('q')}
          onSearch={(v) => set({ q: v.trim() || undefined })}
          style={{ width: 240 }}
          data-testid="queue-search"
        />
        <Select
          allowClear
          placeholder={t('wo.type')}
          value={get('orderType')}
          onChange={(v) => set({ orderType: v })}
          style={{ width: 140 }}
          options={TYPES.map((x) => ({ value: x, label: label('wo.types', x) }))}
        />
        <Select
          allowClear
          placeholder={t('wo.channel')}
          value={get('channel')}
          onChange={(v) => set({ channel: v })}
          style={{ width: 140 }}
          options={CHANNELS.map((x) => ({ value: x, label: label('wo.channels', x) }))}
        />
        <Select
          allowClear
          placeholder={t('wo.urgency')}
          value={get('urgency')}
          onChange={(v) => set({ urgency: v })}
          style={{ width: 110 }}
          options={['normal', 'urgent', 'major'].map((x) => ({ value: x, label: label('wo.urgencies', x) }))}
        />
        <Select
          allowClear
          placeholder="SLA"
          value={get('slaState')}
          onChange={(v) => set({ slaState: v })}
          style={{ width: 110 }}
          options={SLA.map((x) => ({ value: x, label: label('wo.slaStates', x) }))}
        />
        <OrgSelect
          allowClear
          placeholder={t('wo.org')}
          value={get('orgUnitId') ? Number(get('orgUnitId')) : undefined}
          onChange={(v) => set({ orgUnitId: v ? String(v) : undefined })}
          style={{ width: 200 }}
        />
        {get('status') && (
          <Tag closable onClose={() => set({ status: undefined })}>
            {label('wo.states', get('status'))}
          </Tag>
        )}
        <Select
          value={get('sort') ?? 'due'}
          onChange={(v) => set({ sort: v })}
          style={{ width: 140 }}
          options={['due', 'received', 'priority'].map((x) => ({ value: x, label: t(`wo.sort.${x}`) }))}
        />
      </Space>
      {q.error ? (
        <LoadError error={q.error} onRetry={() => q.refetch()} />
      ) : (
        <>
          <Table<QueueItem>
            rowKey="id"
            size="middle"
            loading={q.isFetching && !q.data}
            dataSource={q.data?.items ?? []}
            pagination={false}
            scroll={{ x: 'max-content' }}
            rowClassName={(r) => (r.important ? 'gd-row-important' : '')}
            columns={[
              {
                title: t('wo.orderNo'),
                dataIndex: 'orderNo',
                render: (v, r) => (
                  <Link to={`/orders/${r.id}`} className="gd-mono">
                    {v}
                  </Link>
                ),
              },
              { title: t('wo.due'), key: 'sla', render: (_, r) => <SlaCountdown clocks={r.clocks} slaState={r.slaState} /> },
              {
                title: t('wo.type'),
                key: 'type',
                render: (_, r) => (
                  <Space size={2}>
                    <TypeTag type={r.orderType} subtype={r.subtype} />
                    <UrgencyTag urgency={r.urgency} />
                    {r.important && <Tag color="red">{t('wo.important')}</Tag>}
                  </Space>
                ),
              },
              { title: t('wo.title'), dataIndex: 'title', ellipsis: true, width: 260 },
              { title: t('wo.status'), dataIndex: 'status', render: (s) => <StateTag state={s} /> },
              { title: t('wo.channel'), dataIndex: 'channel', responsive: ['lg'], render: (v) => label('wo.channels', v) },
              { title: t('wo.callerPhone'), dataIndex: 'callerPhone', className: 'gd-mono', responsive: ['xl'] },
              { title: t('wo.org'), dataIndex: 'orgUnitId', responsive: ['lg'], render: (v) => orgName(v) },
              { title: t('wo.receivedAt'), dataIndex: 'receivedAt', responsive: ['md'], render: (v) => fmtTime(v) },
            ]}
          />
          <Space style={{ marginTop: 12, justifyContent: 'flex-end', width: '100%' }}>
            <Button icon={<LeftOutlined />} disabled={offset === 0} onClick={() => set({ offset: String(Math.max(0, offset - PAGE)) })} />
            <span>{offset / PAGE + 1}</span>
            <Button icon={<RightOutlined />} disabled={!q.data?.hasMore} onClick={() => set({ offset: String(offset + PAGE) })} aria-label={t('wo.hasMore')} />
          </Space>
        </>
      )}
    </Card>
  );
}
