/**
 * Repeat faults: the same device or service point faulting k times within n days is flagged for
 * the supervisor. The window is (at − n days, at], the new fault included.
 */
export interface RepeatFaultPolicy {
  count: number;
  windowDays: number;
}

export function isRepeatFault(previous: readonly Date[], at: Date, policy: RepeatFaultPolicy): { flagged: boolean; inWindow: number } {
  const from = at.getTime() - policy.windowDays * 86_400_000;
  const inWindow = 1 + previous.filter((d) => d.getTime() > from && d.getTime() <= at.getTime()).length;
  return { flagged: inWindow >= policy.count, inWindow };
}

/** Over a whole history: the keys (device or service point) with k faults inside any n-day window. */
export function repeatFaultKeys(faults: readonly { key: string; at: Date }[], policy: RepeatFaultPolicy): string[] {
  const byKey = new Map<string, number[]>();
  for (const f of faults) (byKey.get(f.key) ?? byKey.set(f.key, []).get(f.key)!).push(f.at.getTime());
  const span = policy.windowDays * 86_400_000;
  const out: string[] = [];
  for (const [key, times] of byKey) {
    times.sort((a, b) => a - b);
    for (let i = 0, j = 0; j < times.length; j++) {
      while (times[j] - times[i] >= span) i++;
      if (j - i + 1 >= policy.count) {
        out.push(key);
        break;
      }
    }
  }
  return out.sort();
}
