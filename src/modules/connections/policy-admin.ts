/** The connection policy document: read the current version; an administrator saves a new version (applications keep theirs). */
import { withTx, type Db } from '../../db/pool.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { badFields } from '../../platform/errors.js';
import { actorOf, type Principal } from '../identity/index.js';
import { policyProblems } from './policy-rules.js';
import { currentPolicy } from './store.js';

export async function readPolicy(db: Db) {
  const c = await currentPolicy(db);
  return { version: c.version, data: c.data, createdAt: c.createdAt.toISOString() };
}

export async function savePolicy(db: Db, p: Principal, input: { data: unknown; note?: string }) {
  const problems = policyProblems(input.data);
  if (problems.length)
    throw badFields(
      'VALIDATION_FAILED',
      `请求参数有误：${problems[0].zh}`,
      `Invalid request: ${problems[0].en}`,
      problems.map((x) => ({ ...x, field: `data.${x.field}` })),
    );
  return withTx(db, async (tx) => {
    await tx.query('LOCK TABLE connection_policies IN EXCLUSIVE MODE');
    const before = await currentPolicy(tx);
    const version = before.version + 1;
    const { rows } = await tx.query(`INSERT INTO connection_policies (version, data, note, created_by) VALUES ($1,$2,$3,$4) RETURNING created_at`, [
      version,
      JSON.stringify(input.data),
      input.note ?? null,
      p.id,
    ]);
    await recordAudit(tx, actorOf(p), {
      action: 'connection_policy.update',
      entity: 'connection_policy',
      entityId: version,
      before: before.data,
      after: input.data,
    });
    return { version, data: input.data, createdAt: rows[0].created_at.toISOString() };
  });
}
