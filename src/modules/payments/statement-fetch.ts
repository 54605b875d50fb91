/**
 * The daily fetch of the gateway's statement (docs/payments.md, "Gateway statement", "Daily fetch"): a background
 * job (a pg-boss singleton, src/background.ts, every `STATEMENT_FETCH_POLICY.tickSeconds`) and the command
 * `griddesk payments fetch-statement`, both through `runStatementFetch`.
 *
 * - The day fetched is the previous Beijing day; its statement is imported by the same use case as
 *   `POST /api/payments/gateway/statements`, as the system actor `gateway-statement-fetch`.
 * - Once a day: `gateway_statement_fetches` keeps one row per day; a day done (imported now, or by hand before:
 *   the import answers `replayed`) is not fetched again. The import itself is idempotent (one statement a day).
 * - Failures are retried and kept visible: each failed attempt is counted with its error and the time of the
 *   next attempt (`retryAfterMinutes`), audited `gateway_statement.fetch_failed`, and rethrown (the job logs it);
 *   after `maxAttempts` the day is left for a person (listed `given_up`, `GET /api/payments/gateway/statement-fetches`).
 * - Each run also asks the gateway again about statement lines left `not_confirmed` (`recheckUnconfirmed`).
 * Off while no gateway is configured.
 */
import type { Config } from '../../config.js';
import type { Db } from '../../db/pool.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { withTx } from '../../db/pool.js';
import { addDays } from '../../platform/calendar/dates.js';
import { DomainError } from '../../platform/errors.js';
import { todayBeijing } from '../ledger/index.js';
import { gatewaySettings } from './online.js';
import { STATEMENT_FETCH_POLICY } from './policy-data.js';
import { importStatementAs, recheckUnconfirmed, type Importer } from './statements.js';
import type { StatementFetchOut } from './schemas.js';

export const STATEMENT_FETCH_QUEUE = 'payments-statement-fetch';
export const STATEMENT_FETCHER: Importer = { userId: null, actor: { id: null, kind: 'system', name: 'gateway-statement-fetch' }, orgUnitId: null };

const toFetch = (r: Record<string, any>): StatementFetchOut => ({
  date: r.day,
  attempts: r.attempts,
  lastAttemptAt: r.last_attempt_at,
  nextAttemptAt: r.next_attempt_at,
  lastError: r.last_error,
  statementId: r.statement_id === null ? null : Number(r.statement_id),
  doneAt: r.done_at,
  status: r.done_at ? 'done' : r.attempts >= STATEMENT_FETCH_POLICY.maxAttempts ? 'given_up' : r.attempts > 0 ? 'retrying' : 'pending',
});
const COLS = `*, to_char(statement_date, 'YYYY-MM-DD') AS day`;

export interface FetchRun {
  fetch: StatementFetchOut;
  /** an import was attempted by this run (false: done before, or waiting for its next attempt) */
  attempted: boolean;
  /** lines left not confirmed by earlier statements and credited now */
  credited: number;
}

/**
 * Fetches the statement of `date` (default: yesterday, Beijing) unless done or not due yet; null without a gateway.
 * A failed attempt is recorded and then thrown.
 */
export async function runStatementFetch(db: Db, config: Config, opts: { date?: string; now?: number; force?: boolean } = {}): Promise<FetchRun | null> {
  if (!gatewaySettings(config)) return null;
  const now = opts.now ?? Date.now();
  const date = opts.date ?? addDays(todayBeijing(now), -1);
  await db.query(`INSERT INTO gateway_statement_fetches (statement_date) VALUES ($1) ON CONFLICT DO NOTHING`, [date]);
  const row = (await db.query(`SELECT ${COLS} FROM gateway_statement_fetches WHERE statement_date = $1`, [date])).rows[0];
  const due =
    !row.done_at &&
    (opts.force || (row.attempts < STATEMENT_FETCH_POLICY.maxAttempts && (row.next_attempt_at === null || new Date(row.next_attempt_at).getTime() <= now)));
  if (!due) return { fetch: toFetch(row), attempted: false, credited: 0 };
  try {
    const st = await importStatementAs(db, STATEMENT_FETCHER, config, date, todayBeijing(now));
    const done = (
      await db.query(
        `UPDATE gateway_statement_fetches SET attempts = attempts + 1, last_attempt_at = to_timestamp($2 / 1000.0), next_attempt_at = NULL, last_error = NULL,
                statement_id = $3, done_at = to_timestamp($2 / 1000.0) WHERE statement_date = $1 RETURNING ${COLS}`,
        [date, now, st.id],
      )
    ).rows[0];
    const credited = await recheckUnconfirmed(db, STATEMENT_FETCHER, config, todayBeijing(now));
    return { fetch: toFetch(done), attempted: true, credited };
  } catch (e) {
    const message = (e instanceof DomainError ? `${e.code}: ${e.en}` : (e as Error).message).slice(0, 500);
    const waits = STATEMENT_FETCH_POLICY.retryAfterMinutes;
    await withTx(db, async (tx) => {
      const r = (
        await tx.query(
          `UPDATE gateway_statement_fetches SET attempts = attempts + 1, last_attempt_at = to_timestamp($2 / 1000.0), last_error = $3,
                  next_attempt_at = to_timestamp($2 / 1000.0) + make_interval(mins => ($4::int[])[least(attempts + 1, cardinality($4::int[]))])
            WHERE statement_date = $1 RETURNING ${COLS}`,
          [date, now, message, waits],
        )
      ).rows[0];
      await recordAudit(tx, STATEMENT_FETCHER.actor, {
        action: 'gateway_statement.fetch_failed',
        entity: 'gateway_statement_fetch',
        entityId: date,
        orgUnitId: null,
        after: toFetch(r),
      });
    });
    throw e;
  }
}

export async function listStatementFetches(db: Db): Promise<StatementFetchOut[]> {
  const { rows } = await db.query(`SELECT ${COLS} FROM gateway_statement_fetches ORDER BY statement_date DESC LIMIT 60`);
  return rows.map(toFetch);
}

/** The job for src/background.ts (one instance at a time); a failure is logged and rethrown (pg-boss's failed job). */
export function statementFetchJob(db: Db, config: Config) {
  return {
    queue: STATEMENT_FETCH_QUEUE,
    tickSeconds: STATEMENT_FETCH_POLICY.tickSeconds,
    run: async () => {
      try {
        await runStatementFetch(db, config);
      } catch (e) {
        console.error('gateway statement fetch failed (it will be retried; GET /api/payments/gateway/statement-fetches)', e);
        throw e;
      }
    },
  };
}
