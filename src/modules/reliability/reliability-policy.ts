/**
 * Reliability-index policy (docs/rules.md §8). Every threshold is data; defaults below are what the
 * migration seeds into the policy table.
 */
/** How the spread of ln(daily SAIDI) is estimated. */
export const MED_STD_DEVS = ['sample', 'population'] as const;

export interface ReliabilityPolicy {
  /** IEEE 1366: an interruption longer than this is sustained, otherwise momentary. */
  momentaryMaxMinutes: number;
  /** Cause classes of supply-shortage restrictions (限电), left out of RS-3. */
  supplyShortageCauses: string[];
  /** Cause classes outside the company's control, left out of RS-2. */
  externalCauses: string[];
  /** Major event days: T_MED = exp(α + k·β). */
  medK: number;
  /** Standard deviation of ln(daily SAIDI): sample (n − 1) or population (n). The standard's choice is UNCONFIRMED here. */
  medStdDev: (typeof MED_STD_DEVS)[number];
  /** Years of daily SAIDI history used for T_MED. */
  medHistoryYears: number;
  /** Offset of the reporting time zone from UTC, for day boundaries (Asia/Shanghai: 480, no DST). */
  utcOffsetMinutes: number;
}

export const DEFAULT_RELIABILITY_POLICY: ReliabilityPolicy = {
  momentaryMaxMinutes: 5,
  supplyShortageCauses: ['supply_shortage'],
  externalCauses: ['external', 'third_party', 'natural_disaster'],
  medK: 2.5,
  medStdDev: 'sample',
  medHistoryYears: 5,
  utcOffsetMinutes: 480,
};
