/** SLA countdown colours: green < 50 % used, gold < 75 %, orange < 90 %, volcano ≥ 90 %, red when overdue. */
import { Progress, Space, Tag, Tooltip, Typography } from 'antd';
import { PauseCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Clock } from '../../api/workorders';
import { fmtDuration, fmtTime } from '../time';
import { useNow } from '../useNow';
import { label } from '../labels';

export function liveRemaining(c: Clock, now: number): number | null {
  if (c.state === 'running' && c.dueAt) return new Date(c.dueAt).getTime() - now;
  if (c.state === 'paused') return c.remainingMs;
  return null;
}

export function slaColor(c: Clock, remaining: number | null): string {
  if (c.state === 'breached' || (remaining !== null && remaining < 0)) return 'red';
  if (c.state === 'met') return 'green';
  if (c.state === 'stopped' || c.state === 'pending') return 'default';
  const f = c.usedFraction;
  if (f >= 0.9) return 'volcano';
  if (f >= 0.75) return 'orange';
  if (f >= 0.5) return 'gold';
  return 'green';
}

/** The most urgent open clock of an order (running or paused, least time left). */
export function urgentClock(clocks: Clock[], now: number): { c: Clock; remaining: number } | null {
  let best: { c: Clock; remaining: number } | null = null;
  for (const c of clocks) {
    const r = liveRemaining(c, now);
    if (r === null) continue;
    if (!best || r < best.remaining) best = { c, remaining: r };
  }
  return best;
}

export function SlaCountdown({ clocks, slaState }: { clocks: Clock[]; slaState?: string }) {
  const { t } = useTranslation();
  const now = useNow(15_000);
  const u = urgentClock(clocks, now);
  // a clock already missed (e.g. the contact clock of a complaint) stays visible beside the running one
  const missed = clocks.filter((c) => c.state === 'breached');
  if (!u) {
    if (missed.length || slaState === 'breached') return <Tag color="red">{t('wo.slaStates.breached')}</Tag>;
    if (clocks.length && clocks.every((c) => c.state === 'met' || c.state === 'stopped')) return <Tag color="green">{t('wo.slaStates.met')}</Tag>;
    return <Typography.Text type="secondary">—</Typography.Text>;
  }
  const color = slaColor(u.c, u.remaining);
  const text = u.remaining < 0 ? t('wo.overdue', { t: fmtDuration(u.remaining) }) : t('wo.remaining', { t: fmtDuration(u.remaining) });
  const countdown = (
    <Tooltip title={`${label('wo.clocks', u.c.name)} · ${t('wo.dueAt')} ${fmtTime(u.c.dueAt)}`}>
      <Tag color={color} icon={u.c.state === 'paused' ? <PauseCircleOutlined /> : undefined} data-testid="sla-countdown" data-color={color}>
        {label('wo.clocks', u.c.name)} {text}
      </Tag>
    </Tooltip>
  );
  if (!missed.length) return countdown;
  return (
    <Space size={0} wrap>
      {missed.map((c) => (
        <Tooltip key={c.name} title={`${label('wo.clocks', c.name)} · ${t('wo.dueAt')} ${fmtTime(c.dueAt)}`}>
          <Tag color="red" data-testid="sla-missed">
            {label('wo.clocks', c.name)} {t('wo.slaStates.breached')}
          </Tag>
        </Tooltip>
      ))}
      {countdown}
    </Space>
  );
}

const PROGRESS: Record<string, string> = { green: '#52c41a', gold: '#faad14', orange: '#fa8c16', volcano: '#fa541c', red: '#f5222d', default: '#bfbfbf' };

export function ClockList({ clocks }: { clocks: Clock[] }) {
  const { t } = useTranslation();
  const now = useNow(15_000);
  if (!clocks.length) return <Typography.Text type="secondary">{t('wo.slaStates.none')}</Typography.Text>;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size={12}>
      {clocks.map((c) => {
        const r = liveRemaining(c, now);
        const color = slaColor(c, r);
        return (
          <div key={c.name} data-testid={`clock-${c.name}`}>
            <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, flexWrap: 'wrap' }}>
              <Space size={6}>
                <b>{label('wo.clocks', c.name)}</b>
                <Tag color={color}>{label('wo.clockStates', c.state)}</Tag>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {label('wo.basis', c.basis)}
                </Typography.Text>
              </Space>
              <span>
                {r !== null &&
                  (r < 0 ? (
                    <Typography.Text type="danger">{t('wo.overdue', { t: fmtDuration(r) })}</Typography.Text>
                  ) : (
                    t('wo.remaining', { t: fmtDuration(r) })
                  ))}
              </span>
            </div>
            <Progress percent={Math.min(100, Math.round(c.usedFraction * 100))} showInfo={false} strokeColor={PROGRESS[color]} size="small" />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('wo.dueAt')} {fmtTime(c.dueAt)}
              {c.pausedMs > 0 ? ` · ${t('wo.pausedFor', { t: fmtDuration(c.pausedMs) })}` : ''}
              {c.calendarCovered === false && c.calendarProvisional ? (
                <Tooltip title={t('wo.calendarProvisionalHint')}>
                  <Tag color="gold" style={{ marginLeft: 6 }} data-testid="calendar-provisional">
                    {t('wo.calendarProvisional')}
                  </Tag>
                </Tooltip>
              ) : c.calendarCovered === false ? (
                <Tag color="warning" style={{ marginLeft: 6 }} data-testid="calendar-uncovered">
                  {t('wo.calendarUncovered')}
                </Tag>
              ) : null}
            </Typography.Text>
          </div>
        );
      })}
    </Space>
  );
}
