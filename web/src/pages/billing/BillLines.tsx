/** The lines of one bill (fetched when shown): each names its rule, register, readings and tariff version. */
import { Button, Space, Table, Typography } from 'antd';
import { FilePdfOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { call, http, type Reply } from '../../api/http';
import { yuan } from '../../api/billing';
import { LoadError } from '../../components/Problems';

type Line = Reply<'/api/billing/bills/{id}', 'get'>['lines'][number];

export default function BillLines({ id, portal = false }: { id: number; portal?: boolean }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  const q = useQuery({
    queryKey: ['bill', id, portal],
    queryFn: () =>
      portal ? call(http.GET('/api/portal/bills/{id}', { params: { path: { id } } })) : call(http.GET('/api/billing/bills/{id}', { params: { path: { id } } })),
  });
  if (q.error) return <LoadError error={q.error} />;
  const pdf = portal ? `/api/portal/bills/${id}/pdf` : `/api/billing/bills/${id}/pdf`;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Button size="small" icon={<FilePdfOutlined />} href={pdf} target="_blank" data-testid="bill-pdf">
          {t('billrun.billPdf')}
        </Button>
        {q.data?.dueDate && (
          <Typography.Text>
            {t('billrun.dueDate')}：{q.data.dueDate}
          </Typography.Text>
        )}
      </Space>
      <Table<Line>
        rowKey="lineNo"
        size="small"
        loading={q.isLoading}
        dataSource={q.data?.lines ?? []}
        pagination={false}
        summary={() =>
          q.data && (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0} colSpan={portal ? 3 : 5}>
                <Typography.Text strong>{t('bill.total')}</Typography.Text>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={1} align="right">
                <Typography.Text strong>{yuan(q.data.totalFen)}</Typography.Text>
              </Table.Summary.Cell>
            </Table.Summary.Row>
          )
        }
        columns={[
          {
            title: t('bill.line'),
            // the note names what the line used besides the tariff: days of a pause, the billing parameter version, the 40 % floor
            render: (_: unknown, l: Line) => (
              <>
                {en ? l.labelEn : l.labelZh}
                {l.note && (
                  <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }} data-testid="bill-line-note">
                    {l.note}
                  </Typography.Text>
                )}
              </>
            ),
          },
          { title: t('bill.quantity'), render: (_: unknown, l: Line) => `${l.quantity} ${l.unit}` },
          { title: t('bill.price'), dataIndex: 'price' },
          ...(portal
            ? []
            : [
                { title: t('bill.tariffCode'), dataIndex: 'tariffCode' },
                {
                  title: t('billrun.reading'),
                  dataIndex: 'reading',
                  render: (r: string | null) => (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {r ?? ''}
                    </Typography.Text>
                  ),
                },
              ]),
          { title: t('bill.amount'), dataIndex: 'amountFen', align: 'right' as const, render: (f: number) => yuan(f) },
        ]}
      />
    </Space>
  );
}
