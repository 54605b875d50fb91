/** The order's history, oldest first: who did what, when, from which state to which, with notes. */
import { Timeline as AntTimeline, Typography } from 'antd';
import type { TimelineEntry } from '../../../api/workorders';
import { label } from '../../../components/labels';
import { fmtTimeSec } from '../../../components/time';
import i18n from '../../../i18n';

const COLORS: Record<string, string> = {
  handle: 'green',
  close: 'green',
  close_on_spot: 'green',
  return: 'red',
  reopen: 'red',
  request_termination: 'red',
  sla_breach: 'red',
  sla_warning: 'orange',
  pause: 'orange',
};

/** The event data worth showing to people (ids and technical fields stay out). */
function dataText(data: unknown): string {
  if (!data || typeof data !== 'object') return '';
  const d = data as Record<string, unknown>;
  const parts: string[] = [];
  if (typeof d.reason === 'string') parts.push(label('wo.pauseReasons', d.reason));
  if (typeof d.orderNo === 'string') parts.push(`${i18n.t('wo.orderNo')} ${d.orderNo}`);
  if (typeof d.result === 'string') parts.push(label('wo.callbackResults', d.result));
  if (typeof d.score === 'number') parts.push(`${i18n.t('cb.score')} ${d.score}`);
  return parts.join(' · ');
}

export default function Timeline({ entries }: { entries: TimelineEntry[] }) {
  return (
    <AntTimeline
      data-testid="order-timeline"
      items={entries.map((e) => ({
        color: COLORS[e.action] ?? 'blue',
        content: (
          <div>
            <div>
              <b>{label('wo.actions', e.action)}</b>
              {e.fromState !== e.toState && e.toState && (
                <Typography.Text type="secondary">
                  {' '}
                  · {e.fromState ? `${label('wo.states', e.fromState)} → ` : ''}
                  {label('wo.states', e.toState)}
                </Typography.Text>
              )}
            </div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {fmtTimeSec(e.at)} · {e.actor.name ?? e.actor.kind}
            </Typography.Text>
            {e.note && <div style={{ whiteSpace: 'pre-wrap' }}>{e.note}</div>}
            {dataText(e.data) && (
              <div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {dataText(e.data)}
                </Typography.Text>
              </div>
            )}
          </div>
        ),
      }))}
    />
  );
}
