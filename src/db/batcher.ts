/**
 * Groups work that arrives at the same moment into one database round trip. Callers submit one
 * item each and await their own result; the batcher runs up to `maxInFlight` batches at once and
 * starts the next as soon as one returns, with everything that queued meanwhile (at most
 * `maxBatch`). Under light load a batch holds one item and runs at once (no timer, no added
 * latency); under load batches grow by themselves, so the round trips, statements and commits
 * per item fall as the load rises.
 *
 * `run` answers per item, in order: a value, or an Error for that item alone. A throw from `run`
 * fails every item of the batch with that error.
 */
export type BatchRun<I, O> = (items: I[]) => Promise<(O | Error)[]>;

const asError = (e: unknown): Error => (e instanceof Error ? e : new Error(String(e)));

/**
 * A batch run that, when the whole batch fails (one bad item, a raced key, a cancelled
 * statement), runs every item alone, so a failure stays with the item that caused it.
 */
export function aloneOnFailure<I, O>(run: (items: I[]) => Promise<O[]>): BatchRun<I, O> {
  return async (items) => {
    try {
      return await run(items);
    } catch (e) {
      if (items.length === 1) return [asError(e)];
      return Promise.all(items.map((item) => run([item]).then((r) => r[0], asError)));
    }
  };
}

interface Waiting<I, O> {
  item: I;
  resolve: (o: O) => void;
  reject: (e: unknown) => void;
}

/** What a batcher has done: batches run, items in them, and the summed time batches were running. */
export interface BatchStats {
  batches: number;
  items: number;
  runMs: number;
}

export class Batcher<I, O> {
  private queue: Waiting<I, O>[] = [];
  private inFlight = 0;
  private readonly counts: BatchStats = { batches: 0, items: 0, runMs: 0 };

  constructor(
    private readonly run: BatchRun<I, O>,
    private readonly maxBatch = 64,
    private readonly maxInFlight = 2,
  ) {}

  submit(item: I): Promise<O> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      this.inFlight++;
      void this.settle(batch).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  /** A copy of the counts so far (for benchmarks and metrics). */
  stats(): BatchStats {
    return { ...this.counts };
  }

  private async settle(batch: Waiting<I, O>[]): Promise<void> {
    let results: (O | Error)[];
    const t0 = performance.now();
    this.counts.batches++;
    this.counts.items += batch.length;
    try {
      results = await this.run(batch.map((w) => w.item));
      this.counts.runMs += performance.now() - t0;
      if (results.length !== batch.length) throw new Error(`batch answered ${results.length} results for ${batch.length} items`);
    } catch (e) {
      for (const w of batch) w.reject(e);
      return;
    }
    batch.forEach((w, i) => {
      const r = results[i];
      if (r instanceof Error) w.reject(r);
      else w.resolve(r);
    });
  }
}
