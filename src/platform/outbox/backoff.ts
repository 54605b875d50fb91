/** Retry schedule: after the nth failed attempt wait backoff[n-1] seconds (the last step repeats); after maxAttempts the message is dead. */
export interface RetryPolicy {
  maxAttempts: number;
  backoffSeconds: readonly number[];
}

export function afterFailure(attempts: number, policy: RetryPolicy, now: Date): { status: 'failed'; nextAttemptAt: Date } | { status: 'dead' } {
  if (attempts >= policy.maxAttempts) return { status: 'dead' };
  const steps = policy.backoffSeconds.length > 0 ? policy.backoffSeconds : [60];
  const wait = steps[Math.min(attempts, steps.length) - 1] ?? steps[0];
  return { status: 'failed', nextAttemptAt: new Date(now.getTime() + wait * 1000) };
}
