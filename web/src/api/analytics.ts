/** Service-quality analytics API (src/modules/analytics/schemas.ts on the server). */
import { api } from './client';

export type SlConvention = 'abandons_ignored' | 'abandons_against' | 'abandons_for';
export interface Kpis {
  offered: number; answered: number; abandoned: number; shortAbandons: number; overflow: number; rejected: number;
  answeredWithinT: number; abandonedWithinT: number;
  abandonRate: number | null; abandonRateAdjusted: number | null; asaS: number | null; avgQueueS: number | null;
  serviceLevel: number | null; slConvention: SlConvention;
  sl: { abandonsIgnored: number | null; abandonsAgainst: number | null; abandonsFor: number | null };
  ringsBeforeAnswer: number | null; abandonedWhileRinging: number; ahtS: number | null; talkS: number; availableS: number; pausedS: number; occupancy: number | null;
}
export interface KpiPolicy { intervalMinutes: 15 | 30 | 60; serviceLevelS: number; shortAbandonS: number; slConvention: SlConvention; overflowAs: 'excluded' | 'abandoned'; wrapUpS: number | null; tzOffsetMinutes: number }
export interface KpiReport {
  from: string; to: string; policy: KpiPolicy; total: Kpis;
  intervals: (Kpis & { start: string })[];
  queues: (Kpis & { key: string })[];
  agents: (Kpis & { key: string })[];
  heatmap: { weekday: number; slot: number; offered: number; abandoned: number; rate: number | null }[];
}
export interface ErlangPoint { agents: number; trafficErlangs: number; pWait: number; asaS: number | null; serviceLevel: number; occupancy: number }
export interface ErlangResult extends ErlangPoint { scheduled: number; unreachable: boolean; curve: ErlangPoint[] }
export interface ErlangInput { calls: number; intervalMinutes: number; ahtS: number; targetS: number; targetSl: number; maxOccupancy: number; shrinkage: number }
export interface Forecast {
  date: string; intervalMinutes: number; weeks: number;
  intervals: { start: string; weeksSeen: number; forecastCalls: number; forecastAhtS: number; requiredAgents: number; scheduledAgents: number; actualOffered: number; actualAgents: number; actualServiceLevel: number | null }[];
}
export interface ImportSummary {
  id: number; format: 'queue_log' | 'csv'; source: string; fileName: string; checksum: string | null; sizeBytes: number; status: string;
  lines: number; events: number; calls: number; duplicateCalls: number; spans: number; problems: number; problemsByReason: Record<string, number>;
  firstAt: string | null; lastAt: string | null; orgUnitId: number; importedByName: string | null; startedAt: string; finishedAt: string | null; followOffset: number | null;
}
export interface ImportDetail extends ImportSummary { problemList: { line: number; reason: string; detail: string }[]; problemsShown: number }

export const analytics = {
  kpis: (q: { from: string; to: string; interval?: number; queue?: string; slConvention?: SlConvention }) => api.get<KpiReport>('/api/analytics/kpis', q),
  erlang: (q: ErlangInput) => api.get<ErlangResult>('/api/analytics/staffing/erlang', { ...q }),
  forecast: (q: { date: string; weeks?: number }) => api.get<Forecast>('/api/analytics/staffing/forecast', q),
  imports: (q: { limit?: number; offset?: number } = {}) => api.get<{ items: ImportSummary[]; total: number }>('/api/analytics/imports', q),
  importDetail: (id: number) => api.get<ImportDetail>(`/api/analytics/imports/${id}`),
  upload: (body: { fileName: string; format: 'queue_log' | 'csv'; text: string }) => api.post<ImportDetail>('/api/analytics/imports', body),
};
