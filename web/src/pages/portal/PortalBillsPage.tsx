/** The portal: my bills (released, with reversals and rebills), each with its lines. */
import { Card, Empty, Table, Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { call, http, type Reply } from '../../api/http';
import { yuan } from '../../api/billing';
import { LoadError } from '../../components/Problems';
import BillLines from '../billing/BillLines';
import PayQr from './PayQr';
import PortalPayPanel from '../payments/PortalPayPanel';

type Bill = Reply<'/api/portal/bills', 'get'>[number];

export default function PortalBillsPage() {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: ['my-bills'], queryFn: () => call(http.GET('/api/portal/bills')) });
  // the e-bill message links here with ?bill=ID: that bill opens with its lines and PDF
  const [params] = useSearchParams();
  const linked = Number(params.get('bill'));
  if (q.error) return <LoadError error={q.error} />;
  return (
    <>
      <PortalPayPanel />
      <Card title={t('billrun.myBills')} style={{ marginTop: 16 }}>
        <Table<Bill>
          data-testid="portal-bills"
          rowKey="id"
          size="small"
          loading={q.isLoading}
          dataSource={q.data ?? []}
          pagination={false}
          locale={{ emptyText: <Empty description={t('billrun.noBills')} /> }}
          expandable={{
            expandedRowRender: (b) => (
              <>
                {b.status === 'released' && b.kind !== 'reversal' && b.totalFen > 0 && <PayQr id={b.id} />}
                <BillLines id={b.id} portal />
              </>
            ),
            defaultExpandedRowKeys: linked ? [linked] : [],
          }}
          columns={[
            { title: t('billrun.cycle'), dataIndex: 'cycle' },
            { title: t('billrun.bill'), dataIndex: 'kind', render: (k: string) => t(`billrun.kinds.${k}`) },
            { title: t('billrun.status'), dataIndex: 'status', render: (s: string) => <Tag>{t(`billrun.billStatuses.${s}`)}</Tag> },
            { title: t('billrun.kwh'), dataIndex: 'kwh' },
            { title: t('billrun.dueDate'), dataIndex: 'dueDate', render: (d: string | null) => d ?? '' },
            { title: t('billrun.amount'), dataIndex: 'totalFen', align: 'right' as const, render: (f: number) => yuan(f) },
          ]}
        />
      </Card>
    </>
  );
}
