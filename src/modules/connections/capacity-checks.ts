/** Pause and reduction requests checked against the rules and the service point's recorded pauses. */
import type { Queryable } from '../../db/pool.js';
import { pauseProblems, reductionProblems, restoreProblems, type Problem } from './pause-rules.js';
import type { ConnectionPolicy } from './policy.js';
import type { RequestDetails } from './schemas.js';
import { pausesOf } from './store.js';

export interface CapacityFacts {
  kind: string;
  servicePointId: number | null;
  requestedOn: string;
  kva: number;
  contractedKva: number;
  details: RequestDetails;
}

const need = (field: string, zh: string, en: string): Problem => ({ field, rule: 'required', zh: `须填写${zh}`, en: `${en} is required` });

export async function capacityChecks(db: Queryable, policy: ConnectionPolicy, f: CapacityFacts): Promise<Problem[]> {
  const d = f.details;
  if (f.kind === 'pause' || f.kind === 'reduction') {
    const missing = [
      !d.startsOn && need('startsOn', '开始日期', 'the start date'),
      !d.endsOn && need('endsOn', '结束日期', 'the end date'),
      f.kind === 'pause' && !d.transformers?.length && need('transformers', '现有变压器容量', 'the installed transformers'),
    ].filter((x): x is Problem => !!x);
    if (missing.length) return missing;
    if (d.endsOn! <= d.startsOn!)
      return [{ field: 'endsOn', rule: 'after_start', zh: '结束日期应晚于开始日期', en: 'the end date must follow the start date' }];
    if (f.kind === 'pause') {
      const past = f.servicePointId ? await pausesOf(db, f.servicePointId) : [];
      return pauseProblems(
        { requestedOn: f.requestedOn, startsOn: d.startsOn!, endsOn: d.endsOn!, kva: f.kva, transformers: d.transformers! },
        past,
        policy.pause,
      );
    }
    return reductionProblems(
      { requestedOn: f.requestedOn, startsOn: d.startsOn!, endsOn: d.endsOn!, kva: f.kva, contractedKva: f.contractedKva },
      policy.reduction,
    );
  }
  if (f.kind === 'reduction_end') {
    if (!d.restoreOn) return [need('restoreOn', '恢复日期', 'the restore date')];
    return restoreProblems({ requestedOn: f.requestedOn, restoreOn: d.restoreOn }, policy.reduction);
  }
  if (f.kind === 'pause_end' && !d.restoreOn) return [need('restoreOn', '恢复日期', 'the restore date')];
  return [];
}
