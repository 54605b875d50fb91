/** Fault calls from service points not attached to the network: never dropped, shown here for a dispatcher to place. */
import { Link } from 'react-router-dom';
import { Table } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { outages } from '../../api/outages';
import { fmtTime } from '../../components/time';
import { LoadError } from '../../components/Problems';

export default function UnplacedCalls() {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: ['outages', 'unplaced'], queryFn: () => outages.unplaced({ limit: 50, offset: 0 }), refetchInterval: 60_000 });
  if (q.error) return <LoadError error={q.error} />;
  return (
    <Table
      rowKey="id"
      size="small"
      loading={q.isLoading}
      dataSource={q.data ?? []}
      pagination={{ pageSize: 10 }}
      columns={[
        { title: t('notify.at'), dataIndex: 'receivedAt', render: fmtTime },
        { title: t('wo.address'), dataIndex: 'address' },
        { title: t('outage.order'), dataIndex: 'orderId', render: (v) => (v ? <Link to={`/orders/${v}`}>#{v}</Link> : '—') },
        { title: t('wo.note'), dataIndex: 'note' },
      ]}
    />
  );
}
