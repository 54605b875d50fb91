/**
 * This customer's open work orders within the duplicate window (GET /api/workorders/duplicates?customerId=).
 * The API has no full order history per customer yet; the window is shown so nobody mistakes this for the history.
 */
import { Link } from 'react-router-dom';
import { Table, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Customer360 } from '../../../api/types';
import { wo, type OrderRef } from '../../../api/workorders';
import { fmtTime } from '../../../components/time';
import { StateTag, TypeTag } from '../../../components/wo/tags';
import { LoadError } from '../../../components/Problems';

export default function OrdersTab({ data }: { data: Customer360 }) {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: ['pop-dups', data.customer.id], queryFn: () => wo.duplicates({ customerId: data.customer.id }) });
  if (q.error) return <LoadError error={q.error} />;
  return (
    <>
      {q.data && <Typography.Paragraph type="secondary">{t('customer.openOrdersWindow', { h: q.data.windowHours })}</Typography.Paragraph>}
      <Table<OrderRef>
        rowKey="id"
        size="small"
        loading={q.isLoading}
        dataSource={q.data?.items ?? []}
        pagination={false}
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
          { title: t('wo.type'), key: 'type', render: (_, r) => <TypeTag type={r.orderType} subtype={r.subtype} /> },
          { title: t('wo.title'), dataIndex: 'title' },
          { title: t('wo.status'), dataIndex: 'status', render: (s) => <StateTag state={s} /> },
          { title: t('wo.receivedAt'), dataIndex: 'receivedAt', render: fmtTime },
        ]}
      />
    </>
  );
}
