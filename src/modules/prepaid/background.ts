/**
 * The prepaid module's periodic jobs (pg-boss singletons, src/background.ts): the order worker every
 * minute, and the daily pass for yesterday (Beijing) once its totals are in — it runs when no pass
 * for that day has finished and the local hour has reached `PASS_HOUR` (AMI daily totals of a day
 * arrive in the small hours of the next).
 */
import type { Db } from '../../db/pool.js';
import { addDays } from '../../platform/calendar/dates.js';
import { todayBeijing } from '../ledger/index.js';
import { workPrepaidCommands, type HeadEndSettingsOrNull } from './commands.js';
import { runPrepaidDailyPass } from './daily-pass.js';

export const PREPAID_COMMANDS_QUEUE = 'prepaid-commands';
export const PREPAID_PASS_QUEUE = 'prepaid-daily-pass';
const PASS_HOUR = 4;

export function prepaidJobs(db: Db, settings: HeadEndSettingsOrNull) {
  return [
    { queue: PREPAID_COMMANDS_QUEUE, tickSeconds: 60, run: async () => void (await workPrepaidCommands(db, settings)) },
    {
      queue: PREPAID_PASS_QUEUE,
      tickSeconds: 600,
      run: async () => {
        const hour = Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', hour12: false }).format(new Date()));
        if (hour < PASS_HOUR) return;
        const day = addDays(todayBeijing(), -1);
        const done = await db.query('SELECT 1 FROM prepaid_pass_runs WHERE day = $1 AND finished_at IS NOT NULL LIMIT 1', [day]);
        if (!done.rowCount) await runPrepaidDailyPass(db, day);
      },
    },
  ];
}
