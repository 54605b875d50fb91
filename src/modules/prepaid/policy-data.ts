/**
 * The prepaid policy as shipped (migration 620 seeds, 623 adds the back-off; migrations 620 and 623 seed the same figures into prepaid_settings, which
 * the services read; a test checks they agree). Sources: docs/prepaid.md, "Rules".
 */
import type { PrepaidPolicy } from './schemas.js';

export const PREPAID_POLICY: PrepaidPolicy = {
  defaultThresholdFen: 5000,
  minThresholdFen: 0,
  maxThresholdFen: 10_000_000,
  disconnectAfterNoticeHours: 24,
  disconnectWindow: { start: '08:00', end: '17:00' },
  quietHours: { start: '22:00', end: '08:00' },
  reconnectClock: {
    name: 'reconnect',
    basis: 'natural',
    minutes: 1440,
    stopOn: { states: ['executed'] },
    pauseStates: [],
    cancelStates: ['cancelled'],
    warnFractions: [0.5, 0.75, 0.9],
  },
  reconnectMinBalanceFen: 0,
  retryAfterMinutes: 5,
  retryBackoffFactor: 2,
  retryMaxMinutes: 60,
  maxAttempts: 12,
  reorderBackoff: { firstMinutes: 60, factor: 2, maxMinutes: 1440 },
  pollAfterMinutes: 10,
  utcOffsetMinutes: 480,
};
