import { Link } from 'react-router-dom';
import { Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CallbackRec, Delivery, OrderDetail, OrderLink } from '../../../api/workorders';
import { label } from '../../../components/labels';
import { fmtTime } from '../../../components/time';
import { StateTag } from '../../../components/wo/tags';

export function LinksTab({ links }: { links: OrderLink[] }) {
  const { t } = useTranslation();
  return (
    <Table<OrderLink>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={links}
      columns={[
        {
          title: t('wo.orderNo'),
          dataIndex: 'orderNo',
          render: (v, r) => (
            <Link className="gd-mono" to={`/orders/${r.id}`}>
              {v}
            </Link>
          ),
        },
        { title: t('wo.type'), dataIndex: 'orderType', render: (v) => label('wo.types', v) },
        { title: t('wo.status'), dataIndex: 'status', render: (v) => <StateTag state={v} /> },
      ]}
    />
  );
}

export function CallbacksTab({ items }: { items: CallbackRec[] }) {
  const { t } = useTranslation();
  return (
    <Table<CallbackRec>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={items}
      scroll={{ x: 'max-content' }}
      columns={[
        { title: t('cb.createdAt'), dataIndex: 'createdAt', render: fmtTime },
        { title: t('wo.status'), dataIndex: 'status', render: (v) => <Tag>{label('cb.statuses', v)}</Tag> },
        { title: t('cb.why'), dataIndex: 'reason' },
        {
          title: t('cb.result'),
          dataIndex: 'result',
          render: (v) => v && <Tag color={v === 'dissatisfied' ? 'red' : 'green'}>{label('wo.callbackResults', v)}</Tag>,
        },
        { title: t('wo.reason'), dataIndex: 'resultReason' },
        {
          title: t('cb.powerRestored'),
          dataIndex: 'powerRestored',
          render: (v) => (v === null || v === undefined ? '—' : v ? t('common.yes') : t('common.no')),
        },
        { title: t('cb.doneAt'), dataIndex: 'doneAt', render: fmtTime },
      ]}
    />
  );
}

export function DeliveriesTab({ items }: { items: Delivery[] }) {
  const { t } = useTranslation();
  return (
    <Table<Delivery>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={items}
      scroll={{ x: 'max-content' }}
      columns={[
        { title: t('notify.event'), dataIndex: 'event', className: 'gd-mono' },
        { title: t('notify.channel'), dataIndex: 'channel' },
        { title: t('notify.recipient'), dataIndex: 'recipient', className: 'gd-mono' },
        {
          title: t('wo.status'),
          dataIndex: 'status',
          render: (v) => (
            <Tag color={v === 'sent' ? 'green' : v === 'dead' ? 'red' : v === 'failed' ? 'orange' : 'default'}>{label('wo.deliveryStatus', v)}</Tag>
          ),
        },
        { title: t('notify.attempts'), dataIndex: 'attempts' },
        { title: t('notify.createdAt'), dataIndex: 'createdAt', render: fmtTime },
        { title: t('notify.sentAt'), dataIndex: 'sentAt', render: fmtTime },
        { title: t('notify.lastError'), dataIndex: 'lastError', ellipsis: true },
      ]}
    />
  );
}

export function SlaEventsTab({ items }: { items: OrderDetail['slaEvents'] }) {
  const { t } = useTranslation();
  return (
    <Table
      rowKey="key"
      size="small"
      pagination={false}
      dataSource={items}
      columns={[
        { title: t('notify.at'), dataIndex: 'at', render: fmtTime },
        { title: t('wo.clocksTitle'), dataIndex: 'clock', render: (v) => label('wo.clocks', v) },
        {
          title: t('notify.event'),
          dataIndex: 'kind',
          render: (v) => <Tag color={v === 'breached' || v === 'breach' ? 'red' : v === 'met' ? 'green' : 'orange'}>{label('sla.kinds', v)}</Tag>,
        },
        { title: t('wo.dueAt'), dataIndex: 'dueAt', render: fmtTime },
      ]}
    />
  );
}
