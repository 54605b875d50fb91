/**
 * Screen-pop beside the intake form: customers matching the caller's number (or a search), the
 * chosen customer's service points, their open orders (duplicates window) and active outages
 * upstream of their service points.
 */
import { Alert, Button, Card, Empty, Input, List, Radio, Skeleton, Space, Tag, Typography } from 'antd';
import { CheckOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Customer360, CustomerListItem, Slice } from '../../api/types';
import { wo } from '../../api/workorders';
import { outages } from '../../api/outages';
import { useAuth } from '../../app/auth';
import { label } from '../../components/labels';
import { fmtTime } from '../../components/time';
import { StateTag, TypeTag } from '../../components/wo/tags';

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

export default function ScreenPop({ phone, search, onSearch, selection, onSelect }: Props) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const term = search.trim() || phone.trim();
  const found = useQuery({
    queryKey: ['pop-customers', term],
    queryFn: () => api.get<Slice<CustomerListItem>>('/api/customers', { q: term, limit: 8 }),
    enabled: term.length >= 3 || /[\u4e00-\u9fff]{1,}/.test(term),
  });
  const cust = useQuery({ queryKey: ['customer', selection.customerId], queryFn: () => api.get<Customer360>(`/api/customers/${selection.customerId}`), enabled: !!selection.customerId });
  const dups = useQuery({
    queryKey: ['pop-dups', selection.customerId, selection.servicePointId, phone],
    queryFn: () => wo.duplicates({ customerId: selection.customerId, servicePointId: selection.servicePointId, phone: /^1\d{10}$|^0\d{9,11}$/.test(phone) ? phone : undefined }),
    enabled: !!selection.customerId || /^1\d{10}$|^0\d{9,11}$/.test(phone),
  });
  const active = useQuery({ queryKey: ['outages', 'active'], queryFn: () => outages.list({ status: 'active', limit: 200 }), enabled: can('outages.read') && !!selection.customerId, staleTime: 30_000 });

  const sps = cust.data?.servicePoints ?? [];
  const upstream = new Set(sps.flatMap((s) => [s.transformer?.id, s.feeder?.id, s.substation?.id]).filter((x): x is number => !!x));
  const hits = (active.data ?? []).filter((o) => upstream.has(o.device.id));

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="screen-pop">
      <Card size="small" title={t('console.callerMatch')}>
        <Input.Search allowClear placeholder={t('customer.searchPlaceholder')} value={search} onChange={(e) => onSearch(e.target.value)} style={{ marginBottom: 8 }} data-testid="pop-search" />
        {found.isFetching && <Skeleton active paragraph={{ rows: 2 }} />}
        {!found.isFetching && found.data && found.data.items.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('console.noMatch')} />}
        <List
          size="small" dataSource={found.data?.items ?? []}
          renderItem={(c) => (
            <List.Item
              actions={[selection.customerId === c.id
                ? <Tag color="green" icon={<CheckOutlined />}>{t('console.selected')}</Tag>
                : <Button size="small" type="link" onClick={() => onSelect({ customerId: c.id })} data-testid={`pop-pick-${c.id}`}>{t('console.useCustomer')}</Button>]}
            >
              <List.Item.Meta
                title={<Space size={8} wrap><Link to={`/customers/${c.id}`} target="_blank">{c.name}</Link><Typography.Text type="secondary" className="gd-mono">{c.phone}</Typography.Text><Typography.Text type="secondary" className="gd-mono">{c.accountNos.join(', ')}</Typography.Text></Space>}
                description={<Typography.Text type="secondary" style={{ fontSize: 12 }}>{c.address}</Typography.Text>}
              />
            </List.Item>
          )}
        />
      </Card>

      {selection.customerId && (
        <Card size="small" title={t('console.servicePoint')} loading={cust.isLoading}>
          <Radio.Group value={selection.servicePointId} onChange={(e) => { const sp = sps.find((s) => s.id === e.target.value); onSelect({ ...selection, servicePointId: e.target.value, address: sp?.address }); }}>
            <Space orientation="vertical">
              {sps.map((s) => (
                <Radio key={s.id} value={s.id} data-testid={`pop-sp-${s.id}`}>
                  {s.address} <Tag>{label('customer.classes', s.customerClass)}</Tag>{s.important && <Tag color="red">{t('customer.important')}</Tag>}
                  <br /><Typography.Text type="secondary" style={{ fontSize: 12 }}>{s.transformer ? `${s.transformer.code} ${s.transformer.name}` : t('customer.notOnNetwork')}</Typography.Text>
                </Radio>
              ))}
            </Space>
          </Radio.Group>
        </Card>
      )}

      {hits.length > 0 && (
        <Alert type="error" showIcon icon={<ThunderboltOutlined />} data-testid="pop-outage"
          title={t('console.outageHere')}
          description={hits.map((o) => (
            <div key={o.id}>
              <Link to={`/outages/${o.id}`} className="gd-mono">{o.outageNo}</Link> · {o.device.name} · {label('outage.states', o.status)}
              {o.etr ? ` · ${t('outage.etr')} ${fmtTime(o.etr)}` : ''}
            </div>
          ))}
        />
      )}

      <Card size="small" title={`${t('console.openOrders')}${dups.data ? ` (${dups.data.items.length})` : ''}`} extra={dups.data && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('console.window', { h: dups.data.windowHours })}</Typography.Text>}>
        {!dups.data || dups.data.items.length === 0 ? <Typography.Text type="secondary">{t('common.none')}</Typography.Text> : (
          <List size="small" dataSource={dups.data.items} data-testid="pop-open-orders" renderItem={(o) => (
            <List.Item>
              <Space orientation="vertical" size={0}>
                <Space size={4}><Link to={`/orders/${o.id}`} className="gd-mono">{o.orderNo}</Link><TypeTag type={o.orderType} subtype={o.subtype} /><StateTag state={o.status} /></Space>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>{fmtTime(o.receivedAt)} · {o.title}</Typography.Text>
              </Space>
            </List.Item>
          )} />
        )}
      </Card>
    </Space>
  );
}
