/**
 * Group commit for trouble-call intake: calls checked by their own requests are stored together
 * — those arriving while a commit is under way share the next transaction, one multi-row insert
 * and one audit append per actor — so a storm costs one commit per group, not per call. Each
 * request still gets its own answer; a group whose transaction fails is retried call by call,
 * so one bad call never loses the others.
 */
import { withTx, type Db } from '../../../db/pool.js';
import { recordAudit, type Actor } from '../../../platform/audit/audit.js';
import { prepareFaultCall, storeFaultCalls, type FaultCallInput, type PlacedCall, type PreparedCall } from './call-intake.js';

interface Waiting {
  call: PreparedCall;
  actor: Actor;
  resolve: (p: PlacedCall) => void;
  reject: (e: unknown) => void;
}

export class CallIntakeBatcher {
  private queue: Waiting[] = [];
  private flushing = false;
  /** Groups committed and calls stored, for metrics and benchmarks. */
  readonly stats = { groups: 0, calls: 0 };

  constructor(
    private readonly db: Db,
    private readonly maxGroup = 500,
  ) {}

  /** Checks the call (a 4xx naming the field when bad), then stores it with whatever else is waiting. */
  async submit(input: FaultCallInput, actor: Actor): Promise<PlacedCall> {
    const call = await prepareFaultCall(this.db, input);
    return new Promise<PlacedCall>((resolve, reject) => {
      this.queue.push({ call, actor, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.queue.length > 0) {
        const group = this.queue.splice(0, this.maxGroup);
        try {
          const placed = await this.store(group);
          group.forEach((w, i) => w.resolve(placed[i]));
        } catch {
          for (const w of group) await this.store([w]).then(([p]) => w.resolve(p), w.reject);
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  private async store(group: Waiting[]): Promise<PlacedCall[]> {
    return withTx(this.db, async (tx) => {
      const placed = await storeFaultCalls(
        tx,
        group.map((w) => w.call),
      );
      const byActor = new Map<string, { actor: Actor; idx: number[] }>();
      group.forEach((w, i) => {
        const key = `${w.actor.kind}:${w.actor.id}:${w.actor.ip ?? ''}`;
        const e = byActor.get(key) ?? byActor.set(key, { actor: w.actor, idx: [] }).get(key)!;
        e.idx.push(i);
      });
      for (const { actor, idx } of byActor.values()) {
        await recordAudit(
          tx,
          actor,
          idx.map((i) => ({
            action: 'outage_call.receive',
            entity: 'outage_call',
            entityId: placed[i].callId,
            orgUnitId: placed[i].orgUnitId,
            after: {
              servicePointId: group[i].call.servicePointId,
              transformerId: group[i].call.transformerId,
              orderId: group[i].call.input.orderId ?? null,
              status: placed[i].status,
            },
          })),
        );
      }
      this.stats.groups++;
      this.stats.calls += group.length;
      return placed;
    });
  }
}
