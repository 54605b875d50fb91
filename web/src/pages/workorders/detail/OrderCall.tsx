/**
 * The call a work order came from (its CTI call id, taken at intake from the screen-pop): the id,
 * and for readers of the call-centre analytics the call itself from the imported queue_log —
 * outcome, wait, agent, talk time (docs/analytics.md "Work orders").
 */
import { Space, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { call, http } from '../../../api/http';
import { useAuth } from '../../../app/auth';

export default function OrderCall({ ctiCallId, receivedAt }: { ctiCallId: string; receivedAt: string }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  // the call entered the queue shortly before the order was taken: the local days around it
  const from = dayjs(receivedAt).subtract(1, 'day').format('YYYY-MM-DD');
  const to = dayjs(receivedAt).add(1, 'day').format('YYYY-MM-DD');
  const q = useQuery({
    queryKey: ['order-call', ctiCallId, from],
    queryFn: ({ signal }) => call(http.GET('/api/analytics/calls', { params: { query: { from, to, ctiCallId, limit: 1 } }, signal }), signal),
    enabled: can('analytics.read'),
  });
  const c = q.data?.items[0];
  return (
    <Space wrap data-testid="order-call">
      <Typography.Text code>{ctiCallId}</Typography.Text>
      {c && (
        <>
          <Tag>{t(`wo.ctiCall.outcomes.${c.outcome}`, { defaultValue: c.outcome })}</Tag>
          <span>{t('wo.ctiCall.wait', { s: c.waitS })}</span>
          {c.agent && <span>{t('wo.ctiCall.agent', { agent: c.agent })}</span>}
          {c.talkS !== null && <span>{t('wo.ctiCall.talk', { s: c.talkS })}</span>}
        </>
      )}
      {can('analytics.read') && q.isSuccess && !c && <Typography.Text type="secondary">{t('wo.ctiCall.notImported')}</Typography.Text>}
    </Space>
  );
}
