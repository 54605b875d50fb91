/** The grouping host, runner and call intake of one database pool (one per process and pool). */
import type { Db } from '../../../db/pool.js';
import { GroupingHost } from './grouping-host.js';
import { GroupingRunner } from './grouping-runner.js';
import { CallIntakeBatcher } from '../calls/call-intake-batcher.js';

export interface OutageServices {
  host: GroupingHost;
  runner: GroupingRunner;
  intake: CallIntakeBatcher;
}

const byPool = new WeakMap<Db, OutageServices>();

export function outageServices(db: Db): OutageServices {
  let s = byPool.get(db);
  if (!s) {
    const host = new GroupingHost(db);
    s = { host, runner: new GroupingRunner(db, host), intake: new CallIntakeBatcher(db) };
    byPool.set(db, s);
  }
  return s;
}
