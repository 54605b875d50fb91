/** Active outages upstream of this customer's service points (transformer, feeder or substation). */
import { Link } from 'react-router-dom';
import { Empty, Table, Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Customer360 } from '../../../api/types';
import { outages, type OutageItem } from '../../../api/outages';
import { label } from '../../../components/labels';
import { fmtTime } from '../../../components/time';
import { OutageStateTag } from '../../outages/OutageStateTag';

export default function OutagesTab({ data }: { data: Customer360 }) {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: ['outages', 'active'], queryFn: () => outages.list({ status: 'active', limit: 200, offset: 0 }), staleTime: 30_000 });
  const upstream = new Set(data.servicePoints.flatMap((s) => [s.transformer?.id, s.feeder?.id, s.substation?.id]).filter((x): x is number => !!x));
  const hits = (q.data ?? []).filter((o) => upstream.has(o.device.id));
  if (!q.isLoading && hits.length === 0) return <Empty description={t('customer.noActiveOutage')} />;
  return (
    <Table<OutageItem>
      rowKey="id"
      size="small"
      loading={q.isLoading}
      dataSource={hits}
      pagination={false}
      columns={[
        {
          title: t('outage.outageNo'),
          dataIndex: 'outageNo',
          render: (v, r) => (
            <Link to={`/outages/${r.id}`} className="gd-mono">
              {v}
            </Link>
          ),
        },
        { title: t('outage.status'), dataIndex: 'status', render: (s) => <OutageStateTag status={s} /> },
        {
          title: t('outage.device'),
          key: 'd',
          render: (_, r) => (
            <span>
              <Tag>{label('network.kinds', r.device.kind)}</Tag>
              {r.device.name}
            </span>
          ),
        },
        { title: t('outage.etr'), dataIndex: 'etr', render: fmtTime },
        { title: t('outage.startedAt'), dataIndex: 'startedAt', render: fmtTime },
      ]}
    />
  );
}
