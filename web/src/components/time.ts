/** Durations and times as people read them. */
import dayjs from 'dayjs';
import i18n from '../i18n';

export function fmtDuration(ms: number): string {
  const t = i18n.t.bind(i18n);
  const abs = Math.abs(ms);
  const mins = Math.floor(abs / 60_000);
  const d = Math.floor(mins / 1440);
  const h = Math.floor((mins % 1440) / 60);
  const m = mins % 60;
  if (d > 0) return `${t('wo.days', { n: d })} ${t('wo.hours', { n: h })}`;
  if (h > 0) return `${t('wo.hours', { n: h })} ${t('wo.mins', { n: m })}`;
  return t('wo.mins', { n: m });
}

export function fmtTime(v: string | Date | null | undefined): string {
  if (!v) return '—';
  return dayjs(v).format('YYYY-MM-DD HH:mm');
}

export function fmtTimeSec(v: string | Date | null | undefined): string {
  if (!v) return '—';
  return dayjs(v).format('YYYY-MM-DD HH:mm:ss');
}
