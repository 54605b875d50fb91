/**
 * Portal: the result of an online payment, where the gateway sends the payer back
 * (`/portal/payments/result?orderNo=…`). It polls the order; while the gateway's callback has not arrived
 * after LATE_AFTER_POLLS polls it asks the server to query the gateway instead (a lost or late callback is
 * settled that way, once). Shows paid, failed/closed, or still waiting.
 */
import { useRef } from 'react';
import { Alert, Button, Card, Descriptions, Spin, Tag } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { call, http } from '../../api/http';
import { LoadError } from '../../components/Problems';
import { yuan } from './money';

/** polls of the order, POLL_MS apart, before the callback is taken as late and the gateway is queried */
const LATE_AFTER_POLLS = 2;
const POLL_MS = 2_000;

export default function PortalPayResultPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [params] = useSearchParams();
  const orderNo = params.get('orderNo') ?? '';
  const polls = useRef(0);
  const q = useQuery({
    queryKey: ['portal-order', orderNo],
    enabled: /^OL\d{16}$/.test(orderNo),
    queryFn: () => {
      polls.current++;
      return polls.current > LATE_AFTER_POLLS
        ? call(http.POST('/api/portal/payments/orders/{orderNo}/query', { params: { path: { orderNo } } }))
        : call(http.GET('/api/portal/payments/orders/{orderNo}', { params: { path: { orderNo } } }));
    },
    refetchInterval: (query) => (query.state.data?.status === 'created' ? POLL_MS : false),
  });
  if (!/^OL\d{16}$/.test(orderNo)) return <Alert type="error" showIcon message={t('pay.online.badOrder')} />;
  if (q.error) return <LoadError error={q.error} />;
  const o = q.data;
  const color = o?.status === 'paid' ? 'green' : o?.status === 'created' ? 'blue' : 'default';
  return (
    <Card title={t('pay.online.resultTitle')} loading={q.isLoading}>
      {o && (
        <>
          <Descriptions size="small" column={1}>
            <Descriptions.Item label={t('pay.online.orderNo')}>{o.orderNo}</Descriptions.Item>
            <Descriptions.Item label={t('pay.amount')}>{yuan(o.amountFen)}</Descriptions.Item>
            <Descriptions.Item label={t('pay.status')}>
              <Tag color={color} data-testid="pay-result-status">
                {t(`pay.online.statuses.${o.status}`)}
              </Tag>
              {o.status === 'created' && <Spin size="small" />}
            </Descriptions.Item>
          </Descriptions>
          {o.status === 'paid' && <Alert type="success" showIcon message={t('pay.online.paid')} data-testid="pay-result-paid" />}
          {o.status === 'created' && <Alert type="info" showIcon message={t('pay.online.waiting')} />}
          {(o.status === 'failed' || o.status === 'closed') && <Alert type="warning" showIcon message={t('pay.online.notPaid')} />}
          <div style={{ marginTop: 16 }}>
            <Link to="/portal/payments">
              <Button onClick={() => void qc.invalidateQueries({ queryKey: ['portal-payments'] })}>{t('pay.portal')}</Button>
            </Link>{' '}
            <Link to="/portal/bills">
              <Button>{t('billrun.myBills')}</Button>
            </Link>
          </div>
        </>
      )}
    </Card>
  );
}
