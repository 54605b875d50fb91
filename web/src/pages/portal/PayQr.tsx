/** The pay QR code of one of the customer's bills (GET /api/portal/bills/{id}/pay): the same code the PDF prints. */
import { Space, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { call, http } from '../../api/http';
import { yuan } from '../../api/billing';

export default function PayQr({ id }: { id: number }) {
  const { t } = useTranslation();
  const q = useQuery({
    queryKey: ['bill-pay', id],
    queryFn: ({ signal }) => call(http.GET('/api/portal/bills/{id}/pay', { params: { path: { id } }, signal }), signal),
  });
  if (!q.data) return null;
  return (
    <Space align="start" data-testid="pay-qr">
      <img src={`data:image/svg+xml;utf8,${encodeURIComponent(q.data.qrSvg)}`} width={128} height={128} alt={t('billset.payQr')} />
      <Space direction="vertical" size={2}>
        <Typography.Text strong>{t('billset.payQr')}</Typography.Text>
        <Typography.Text>
          {t('billset.payRef')}：<Typography.Text copyable>{q.data.payRef}</Typography.Text>
        </Typography.Text>
        <Typography.Text>{yuan(q.data.totalFen)}</Typography.Text>
        {q.data.dueDate && (
          <Typography.Text type="secondary">
            {t('billrun.dueDate')}：{q.data.dueDate}
          </Typography.Text>
        )}
        {q.data.payText !== q.data.payRef && (
          <Typography.Link href={q.data.payText} target="_blank" rel="noreferrer">
            {q.data.payText}
          </Typography.Link>
        )}
      </Space>
    </Space>
  );
}
