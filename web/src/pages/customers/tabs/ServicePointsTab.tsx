import { Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Customer360, ServicePoint } from '../../../api/types';
import { label } from '../../../components/labels';

export default function ServicePointsTab({ data }: { data: Customer360 }) {
  const { t } = useTranslation();
  const accountNo = (id: number) => data.accounts.find((a) => a.id === id)?.accountNo ?? '';
  return (
    <Table<ServicePoint>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={data.servicePoints}
      scroll={{ x: 'max-content' }}
      expandable={{
        defaultExpandAllRows: data.servicePoints.length <= 3,
        expandedRowRender: (sp) => (
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={sp.meters}
            columns={[
              { title: t('customer.meterNo'), dataIndex: 'meterNo', className: 'gd-mono' },
              { title: t('customer.meterKind'), dataIndex: 'kind' },
            ]}
          />
        ),
      }}
      columns={[
        { title: t('customer.accountNo'), dataIndex: 'accountId', className: 'gd-mono', render: (v) => accountNo(v) },
        { title: t('customer.address'), dataIndex: 'address' },
        { title: t('customer.customerClass'), dataIndex: 'customerClass', render: (v) => <Tag>{label('customer.classes', v)}</Tag> },
        { title: t('customer.contractedKva'), dataIndex: 'contractedKva', align: 'right' },
        { title: t('customer.supplyVoltageKv'), dataIndex: 'supplyVoltageKv', align: 'right' },
        { title: t('customer.important'), dataIndex: 'important', render: (v) => (v ? <Tag color="red">{t('common.yes')}</Tag> : t('common.no')) },
        { title: t('customer.meters'), key: 'meters', render: (_, sp) => <span className="gd-mono">{sp.meters.map((m) => m.meterNo).join(', ')}</span> },
        {
          title: t('customer.location'),
          key: 'loc',
          render: (_, sp) =>
            sp.lon != null && sp.lat != null ? (
              <span className="gd-mono">
                {Number(sp.lon).toFixed(5)}, {Number(sp.lat).toFixed(5)}
              </span>
            ) : (
              t('customer.noLocation')
            ),
        },
      ]}
    />
  );
}
