/** The 360° customer view (GET /api/customers/:id): who, accounts, service points, meters, network position. */
import { Suspense, useState } from 'react';
import { useParams, useSearchParams } from 'react-router-dom';
import { Button, Card, Descriptions, Skeleton, Space, Tabs, Tag, Typography } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { call, http } from '../../api/http';
import { useAuth } from '../../app/auth';
import { label } from '../../components/labels';
import { LoadError } from '../../components/Problems';
import { CUSTOMER_TABS } from './tabs/registry';
import { PiiToggle, usePii } from './PiiField';
import EditContactModal from './EditContactModal';

export default function Customer360Page() {
  const { id } = useParams();
  const cid = Number(id);
  const { t } = useTranslation();
  const { can } = useAuth();
  const [params, setParams] = useSearchParams();
  const [editing, setEditing] = useState(false);
  const q = useQuery({
    queryKey: ['customer', cid],
    queryFn: ({ signal }) => call(http.GET('/api/customers/{id}', { params: { path: { id: cid } }, signal }), signal),
    enabled: Number.isInteger(cid),
  });
  const pii = usePii(cid);

  if (q.isLoading)
    return (
      <Card>
        <Skeleton active />
      </Card>
    );
  if (q.error || !q.data) return <LoadError error={q.error} onRetry={() => q.refetch()} />;
  const d = q.data;
  const c = d.customer;
  const important = d.servicePoints.some((s) => s.important);
  const tabs = CUSTOMER_TABS.filter((tb) => tb.perms.every((p) => can(p)));
  const active = params.get('tab') ?? 'overview';

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <div className="gd-page-title">
          <Typography.Title level={3} data-testid="customer-name">
            {c.name}
          </Typography.Title>
          <Tag color="blue">{label('customer.kinds', c.kind)}</Tag>
          {important && <Tag color="red">{t('customer.important')}</Tag>}
          <div style={{ flex: 1 }} />
          <PiiToggle pii={pii} />
          {can('customers.write') && (
            <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
              {t('customer.editContact')}
            </Button>
          )}
        </div>
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
          <Descriptions.Item label={t('customer.phone')}>
            <span className="gd-mono" data-testid="customer-phone">
              {pii.data?.phone ?? c.phone ?? '—'}
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={t('customer.idNumber')}>
            <span className="gd-mono">{pii.data?.idNumber ?? c.idNumber ?? '—'}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('customer.email')}>{c.email ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('customer.org')}>{c.orgUnitName}</Descriptions.Item>
          <Descriptions.Item label={t('customer.accountNos')}>
            <span className="gd-mono">{d.accounts.map((a) => a.accountNo).join(', ')}</span>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card>
        <Tabs
          activeKey={active}
          onChange={(k) => setParams({ tab: k }, { replace: true })}
          items={tabs.map((tb) => ({
            key: tb.key,
            label: t(tb.title),
            children: (
              <Suspense fallback={<Skeleton active />}>
                <tb.component data={d} />
              </Suspense>
            ),
          }))}
        />
      </Card>
      {editing && (
        <EditContactModal
          customer={c}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            void q.refetch();
          }}
        />
      )}
    </Space>
  );
}
