/** The live clock of an application as a coloured countdown: green running, orange under a day left, red overdue, grey paused on the customer. */
import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { LiveClock } from '../../api/connections';
import { fmtDuration, fmtTime } from '../../components/time';
import { label } from '../../components/labels';
import { useNow } from '../../components/useNow';

const DAY = 86_400_000;

export function ConnClock({ clock }: { clock: LiveClock | null }) {
  const { t } = useTranslation();
  const now = useNow(30_000);
  if (!clock || !clock.dueAt) return <Tag>—</Tag>;
  const name = label('conn.clockNames', clock.name);
  const tip = `${name} · ${t('conn.due')} ${fmtTime(clock.dueAt)}`;
  if (clock.state === 'met')
    return (
      <Tooltip title={tip}>
        <Tag color="green">{t('conn.met')}</Tag>
      </Tooltip>
    );
  const remaining = Date.parse(clock.dueAt) - now;
  if (clock.paused)
    return (
      <Tooltip title={tip}>
        <Tag color="default" data-testid="conn-clock">
          {t('conn.paused')}
        </Tag>
      </Tooltip>
    );
  if (clock.overdue || remaining < 0)
    return (
      <Tooltip title={tip}>
        <Tag color="red" data-testid="conn-clock">
          {t('conn.overdueBy', { d: fmtDuration(-remaining) })}
        </Tag>
      </Tooltip>
    );
  return (
    <Tooltip title={tip}>
      <Tag color={remaining < DAY ? 'orange' : 'green'} data-testid="conn-clock">
        {t('conn.remaining', { d: fmtDuration(remaining) })}
      </Tag>
    </Tooltip>
  );
}
