/** What the call-taker reads back: the order number, the promise (clocks), any known outage with its ETR, duplicates. */
import { Link } from 'react-router-dom';
import { Alert, Button, Descriptions, Result, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { label } from '../../components/labels';
import { fmtTime } from '../../components/time';
import { ClockList } from '../../components/wo/sla';
import { StateTag } from '../../components/wo/tags';
import type { Outcome } from './ConsolePage';

export default function IntakeResult({ outcome, onNew }: { outcome: Outcome; onNew: () => void }) {
  const { t } = useTranslation();
  const o = outcome.order;
  return (
    <div data-testid="intake-result">
      <Result
        status="success"
        title={
          <span>
            {t('console.orderNo')}{' '}
            <Typography.Text copyable className="gd-mono" style={{ fontSize: 28 }} data-testid="result-order-no">
              {o.orderNo}
            </Typography.Text>
          </span>
        }
        subTitle={
          <Space>
            <span>{label('wo.types', o.orderType)}</span>
            <StateTag state={o.status} />
          </Space>
        }
        extra={[
          <Link key="open" to={`/orders/${o.id}`}>
            <Button type="primary" data-testid="result-open">
              {t('console.openOrder')}
            </Button>
          </Link>,
          <Button key="new" onClick={onNew} data-testid="result-new">
            {t('console.newCall')}
          </Button>,
        ]}
      />
      {outcome.call?.outage && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="result-outage"
          title={t('console.knownOutage', { no: outcome.call.outage.outageNo })}
          description={
            <span>
              {label('outage.states', outcome.call.outage.status)} · {t('outage.affected', { n: outcome.call.outage.affectedCustomers })}
              {outcome.call.outage.etr ? ` · ${t('outage.etr')} ${fmtTime(outcome.call.outage.etr)}` : ''}
            </span>
          }
        />
      )}
      {outcome.call?.planned && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('console.plannedOutage', { no: outcome.call.planned.planNo })}
          description={`${fmtTime(outcome.call.planned.startsAt)} – ${fmtTime(outcome.call.planned.endsAt)} · ${outcome.call.planned.reason}`}
        />
      )}
      {outcome.call && !outcome.call.outage && !outcome.call.planned && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={t(`console.callStatus.${outcome.call.status}`, { defaultValue: outcome.call.status })}
        />
      )}
      {outcome.callError && <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={outcome.callError} />}
      {outcome.duplicates.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('console.duplicates', { n: outcome.duplicates.length })}
          description={outcome.duplicates.map((d) => (
            <div key={d.id}>
              <Link to={`/orders/${d.id}`} className="gd-mono">
                {d.orderNo}
              </Link>{' '}
              · {label('wo.types', d.orderType)} · {label('wo.states', d.status)}
            </div>
          ))}
        />
      )}
      <Descriptions size="small" column={1} bordered title={t('wo.clocksTitle')} />
      <div style={{ padding: 12 }}>
        <ClockList clocks={o.clocks} />
      </div>
    </div>
  );
}
