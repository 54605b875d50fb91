/**
 * Screen-pop beside the intake form. With `cti.lookup` (call-takers) the caller's number goes to
 * GET /api/cti/lookup: the customers on file with that number (masked), their open orders, and
 * the outages interrupting their service points now or planned ahead — shown first, so "is there
 * an outage?" is answered at once. Without it (other staff at the desk), or when the call-taker
 * searches by name / address / account, customer search is used. After a customer is picked: the
 * chosen service point and the duplicates window (open orders of this customer, address or number).
 */
import { Alert, Button, Card, Empty, Input, List, Radio, Skeleton, Space, Tag, Typography } from 'antd';
import { CheckOutlined, ThunderboltOutlined, CalendarOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { call, http } from '../../api/http';
import { wo } from '../../api/workorders';
import { cti, outages, type CtiLookup, type OutageAt } from '../../api/outages';
import { useAuth } from '../../app/auth';
import { label } from '../../components/labels';
import { fmtTime } from '../../components/time';
import { StateTag, TypeTag } from '../../components/wo/tags';
import { CtiConnections } from '../connections/CtiConnections';

/** The server's phone pattern (src/platform/pii.ts PHONE_PATTERN): mobile or fixed line with area code. */
export const PHONE_RE = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/;

export interface PopSelection {
  customerId?: number;
  servicePointId?: number;
  address?: string;
}

interface Props {
  phone: string;
  search: string;
  onSearch: (s: string) => void;
  selection: PopSelection;
  onSelect: (s: PopSelection) => void;
}

const ACTIVE_PLAN = ['in_progress'];

/** One entry per outage (a caller's several service points may sit under the same one). */
function groupOutages(list: OutageAt[]) {
  const by = new Map<string, { o: OutageAt; servicePointIds: number[] }>();
  for (const o of list) {
    const k = o.outageId ? `f${o.outageId}` : `p${o.plannedId}`;
    const g = by.get(k);
    if (g) g.servicePointIds.push(o.servicePointId);
    else by.set(k, { o, servicePointIds: [o.servicePointId] });
  }
  return [...by.values()];
}

function CtiOutages({ data }: { data: CtiLookup }) {
  const { t } = useTranslation();
  const groups = groupOutages(data.outages);
  if (groups.length === 0) return null;
  const addressOf = (spId: number) => data.customers.flatMap((c) => c.servicePoints).find((s) => s.id === spId)?.address ?? '';
  const now = groups.filter(({ o }) => (o.kind === 'fault' ? true : ACTIVE_PLAN.includes(o.status)));
  const ahead = groups.filter((g) => !now.includes(g));
  return (
    <>
      {now.length > 0 && (
        <Alert
          type="error"
          showIcon
          icon={<ThunderboltOutlined />}
          data-testid="pop-outage"
          title={t('console.outageNow')}
          description={now.map(({ o, servicePointIds }) => (
            <div key={o.outageId ? `f${o.outageId}` : `p${o.plannedId}`} data-testid="pop-outage-item" style={{ marginTop: 4 }}>
              {o.outageId ? (
                <>
                  <Link to={`/outages/${o.outageId}`} className="gd-mono">
                    {o.outageNo}
                  </Link>{' '}
                  · <Tag color="red">{label('outage.states', o.status)}</Tag>
                </>
              ) : (
                <>
                  <Link to="/planned" className="gd-mono">
                    {o.planNo}
                  </Link>{' '}
                  · <Tag color="orange">{label('plan.statuses', o.status)}</Tag>
                </>
              )}{' '}
              <Typography.Text strong data-testid="pop-outage-etr">
                {t('outage.etr')}: {o.kind === 'fault' ? (o.etr ? fmtTime(o.etr) : t('console.etrUnknown')) : fmtTime(o.endsAt)}
              </Typography.Text>
              <br />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {o.since
                  ? `${t('console.outageSince', { at: fmtTime(o.since) })} · `
                  : o.startsAt
                    ? `${t('console.outageSince', { at: fmtTime(o.startsAt) })} · `
                    : ''}
                {servicePointIds.map(addressOf).join('；')}
                {o.reason ? ` · ${o.reason}` : ''}
              </Typography.Text>
            </div>
          ))}
        />
      )}
      {ahead.length > 0 && (
        <Alert
          type="warning"
          showIcon
          icon={<CalendarOutlined />}
          data-testid="pop-planned"
          title={t('console.plannedAhead')}
          description={ahead.map(({ o, servicePointIds }) => (
            <div key={`p${o.plannedId}`} style={{ marginTop: 4 }}>
              <Link to="/planned" className="gd-mono">
                {o.planNo}
              </Link>{' '}
              · {fmtTime(o.startsAt)} – {fmtTime(o.endsAt)} · <Tag>{label('plan.statuses', o.status)}</Tag>
              <br />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {o.reason} · {servicePointIds.map(addressOf).join('；')}
              </Typography.Text>
            </div>
          ))}
        />
      )}
    </>
  );
}

export default function ScreenPop({ phone, search, onSearch, selection, onSelect }: Props) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const useCti = can('cti.lookup');
  const validPhone = PHONE_RE.test(phone);
  const lookup = useQuery({ queryKey: ['cti', phone], queryFn: () => cti.lookup(phone), enabled: useCti && validPhone });
  // customer search: what the call-taker typed in the search box; by number only without the CTI lookup
  const term = search.trim() || (useCti ? '' : phone.trim());
  const found = useQuery({
    queryKey: ['pop-customers', term],
    queryFn: ({ signal }) => call(http.GET('/api/customers', { params: { query: { q: term, limit: 8, offset: 0 } }, signal }), signal),
    enabled: term.length >= 3 || /[\u4e00-\u9fff]{1,}/.test(term),
  });
  const showSearch = !!search.trim() || !useCti;
  const cust = useQuery({
    queryKey: ['customer', selection.customerId],
    queryFn: ({ signal }) => call(http.GET('/api/customers/{id}', { params: { path: { id: selection.customerId! } }, signal }), signal),
    enabled: !!selection.customerId,
  });
  const dups = useQuery({
    queryKey: ['pop-dups', selection.customerId, selection.servicePointId, phone],
    queryFn: () => wo.duplicates({ customerId: selection.customerId, servicePointId: selection.servicePointId, phone: validPhone ? phone : undefined }),
    enabled: !!selection.customerId || (!useCti && validPhone),
  });
  // a customer picked from search who is not among the caller's customers: outages upstream of their service points
  const fromCti = !!lookup.data?.customers.some((c) => c.id === selection.customerId);
  const active = useQuery({
    queryKey: ['outages', 'active'],
    queryFn: () => outages.list({ status: 'active', limit: 200, offset: 0 }),
    enabled: can('outages.read') && !!selection.customerId && !fromCti,
    staleTime: 30_000,
  });

  const sps = cust.data?.servicePoints ?? [];
  const upstream = new Set(sps.flatMap((s) => [s.transformer?.id, s.feeder?.id, s.substation?.id]).filter((x): x is number => !!x));
  const hits = fromCti ? [] : (active.data ?? []).filter((o) => upstream.has(o.device.id));

  const pick = (c: CtiLookup['customers'][number]) => {
    const only = c.servicePoints.length === 1 ? c.servicePoints[0] : undefined;
    onSelect(only ? { customerId: c.id, servicePointId: only.id, address: only.address } : { customerId: c.id });
  };

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="screen-pop">
      {useCti && lookup.data && <CtiOutages data={lookup.data} />}
      {useCti && lookup.data && <CtiConnections data={lookup.data} />}

      <Card
        size="small"
        title={t('console.callerMatch')}
        extra={
          useCti &&
          lookup.data &&
          !showSearch && (
            <Typography.Text type="secondary" className="gd-mono">
              {lookup.data.phone}
            </Typography.Text>
          )
        }
      >
        <Input.Search
          allowClear
          placeholder={t('customer.searchPlaceholder')}
          value={search}
          onChange={(e) => onSearch(e.target.value)}
          style={{ marginBottom: 8 }}
          data-testid="pop-search"
        />
        {showSearch ? (
          <>
            {found.isFetching && <Skeleton active paragraph={{ rows: 2 }} />}
            {!found.isFetching && found.data && found.data.items.length === 0 && (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('console.noMatch')} />
            )}
            <List
              size="small"
              dataSource={found.data?.items ?? []}
              renderItem={(c) => (
                <List.Item
                  actions={[
                    selection.customerId === c.id ? (
                      <Tag color="green" icon={<CheckOutlined />}>
                        {t('console.selected')}
                      </Tag>
                    ) : (
                      <Button size="small" type="link" onClick={() => onSelect({ customerId: c.id })} data-testid={`pop-pick-${c.id}`}>
                        {t('console.useCustomer')}
                      </Button>
                    ),
                  ]}
                >
                  <List.Item.Meta
                    title={
                      <Space size={8} wrap>
                        <Link to={`/customers/${c.id}`} target="_blank">
                          {c.name}
                        </Link>
                        <Typography.Text type="secondary" className="gd-mono">
                          {c.phone}
                        </Typography.Text>
                        <Typography.Text type="secondary" className="gd-mono">
                          {c.accountNos.join(', ')}
                        </Typography.Text>
                      </Space>
                    }
                    description={
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {c.address}
                      </Typography.Text>
                    }
                  />
                </List.Item>
              )}
            />
          </>
        ) : (
          <>
            {!validPhone && <Typography.Text type="secondary">{t('console.enterPhone')}</Typography.Text>}
            {lookup.isFetching && !lookup.data && <Skeleton active paragraph={{ rows: 2 }} />}
            {lookup.isError && <Alert type="warning" showIcon title={t('console.lookupFailed')} />}
            {validPhone && lookup.data && lookup.data.customers.length === 0 && (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('console.noMatch')} />
            )}
            {validPhone && lookup.data && lookup.data.customers.length > 0 && (
              <List
                size="small"
                dataSource={lookup.data.customers}
                data-testid="pop-cti-customers"
                renderItem={(c) => {
                  const out = new Set(lookup.data!.outages.map((o) => o.servicePointId));
                  return (
                    <List.Item
                      actions={[
                        selection.customerId === c.id ? (
                          <Tag color="green" icon={<CheckOutlined />}>
                            {t('console.selected')}
                          </Tag>
                        ) : (
                          <Button size="small" type="link" onClick={() => pick(c)} data-testid={`pop-pick-${c.id}`}>
                            {t('console.useCustomer')}
                          </Button>
                        ),
                      ]}
                    >
                      <List.Item.Meta
                        title={
                          <Space size={8} wrap>
                            <Link to={`/customers/${c.id}`} target="_blank">
                              {c.name}
                            </Link>
                            <Typography.Text type="secondary" className="gd-mono">
                              {c.phone}
                            </Typography.Text>
                          </Space>
                        }
                        description={c.servicePoints.map((s) => (
                          <div key={s.id} style={{ fontSize: 12 }} data-testid={`pop-cti-sp-${s.id}`}>
                            <Typography.Text type="secondary">{s.address}</Typography.Text> {s.important && <Tag color="red">{t('customer.important')}</Tag>}
                            {out.has(s.id) && (
                              <Tag color="volcano" icon={<ThunderboltOutlined />}>
                                {t('console.outageTag')}
                              </Tag>
                            )}
                          </div>
                        ))}
                      />
                    </List.Item>
                  );
                }}
              />
            )}
          </>
        )}
      </Card>

      {selection.customerId && (
        <Card size="small" title={t('console.servicePoint')} loading={cust.isLoading}>
          <Radio.Group
            value={selection.servicePointId}
            onChange={(e) => {
              const sp = sps.find((s) => s.id === e.target.value);
              onSelect({ ...selection, servicePointId: e.target.value, address: sp?.address });
            }}
          >
            <Space orientation="vertical">
              {sps.map((s) => (
                <Radio key={s.id} value={s.id} data-testid={`pop-sp-${s.id}`}>
                  {s.address} <Tag>{label('customer.classes', s.customerClass)}</Tag>
                  {s.important && <Tag color="red">{t('customer.important')}</Tag>}
                  <br />
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {s.transformer ? `${s.transformer.code} ${s.transformer.name}` : t('customer.notOnNetwork')}
                  </Typography.Text>
                </Radio>
              ))}
            </Space>
          </Radio.Group>
        </Card>
      )}

      {hits.length > 0 && (
        <Alert
          type="error"
          showIcon
          icon={<ThunderboltOutlined />}
          data-testid="pop-outage"
          title={t('console.outageHere')}
          description={hits.map((o) => (
            <div key={o.id}>
              <Link to={`/outages/${o.id}`} className="gd-mono">
                {o.outageNo}
              </Link>{' '}
              · {o.device.name} · {label('outage.states', o.status)}
              {o.etr ? ` · ${t('outage.etr')} ${fmtTime(o.etr)}` : ''}
            </div>
          ))}
        />
      )}

      {useCti && validPhone && lookup.data && (
        <Card size="small" title={`${t('console.openOrders')} (${lookup.data.openOrders.length})`}>
          {lookup.data.openOrders.length === 0 ? (
            <Typography.Text type="secondary">{t('common.none')}</Typography.Text>
          ) : (
            <List
              size="small"
              dataSource={lookup.data.openOrders}
              data-testid="pop-cti-orders"
              renderItem={(o) => (
                <List.Item>
                  <Space orientation="vertical" size={0}>
                    <Space size={4} wrap>
                      <Link to={`/orders/${o.id}`} className="gd-mono">
                        {o.orderNo}
                      </Link>
                      <TypeTag type={o.orderType} subtype={o.subtype} />
                      <StateTag state={o.status} />
                      {(o.slaState === 'warning' || o.slaState === 'breached') && (
                        <Tag color={o.slaState === 'breached' ? 'red' : 'orange'}>{label('wo.slaStates', o.slaState)}</Tag>
                      )}
                    </Space>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {fmtTime(o.receivedAt)}
                      {o.nextDueAt ? ` · ${t('console.dueAt', { at: fmtTime(o.nextDueAt) })}` : ''}
                    </Typography.Text>
                  </Space>
                </List.Item>
              )}
            />
          )}
        </Card>
      )}

      {(selection.customerId || !useCti) && (
        <Card
          size="small"
          title={`${t('console.dupTitle')}${dups.data ? ` (${dups.data.items.length})` : ''}`}
          extra={
            dups.data && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('console.window', { h: dups.data.windowHours })}
              </Typography.Text>
            )
          }
        >
          {!dups.data || dups.data.items.length === 0 ? (
            <Typography.Text type="secondary">{t('common.none')}</Typography.Text>
          ) : (
            <List
              size="small"
              dataSource={dups.data.items}
              data-testid="pop-open-orders"
              renderItem={(o) => (
                <List.Item>
                  <Space orientation="vertical" size={0}>
                    <Space size={4}>
                      <Link to={`/orders/${o.id}`} className="gd-mono">
                        {o.orderNo}
                      </Link>
                      <TypeTag type={o.orderType} subtype={o.subtype} />
                      <StateTag state={o.status} />
                    </Space>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {fmtTime(o.receivedAt)} · {o.title}
                    </Typography.Text>
                  </Space>
                </List.Item>
              )}
            />
          )}
        </Card>
      )}
    </Space>
  );
}
