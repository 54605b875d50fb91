/**
 * Improvement plans, the PDCA cycle (docs/satisfaction.md "Improvement plans"). Pure.
 *
 * plan → do: the plan has at least one action with a date.
 * do → check: always (the team says the actions are carried out).
 * check → act: at least one re-measurement taken after the plan entered `check`.
 * act → plan (the next cycle, with a new baseline = the last measurement) or act → closed.
 */
export const PDCA_STAGES = ['plan', 'do', 'check', 'act', 'closed'] as const;
export type PdcaStage = (typeof PDCA_STAGES)[number];

const NEXT: Record<PdcaStage, PdcaStage[]> = { plan: ['do'], do: ['check'], check: ['act'], act: ['plan', 'closed'], closed: [] };

export function nextStages(stage: PdcaStage): PdcaStage[] {
  return NEXT[stage];
}

export interface PlanFacts {
  stage: PdcaStage;
  actions: number;
  measurementsInCheck: number;
}

/** Why a move is refused (zh, en), or null when it is allowed. */
export function moveRefusal(p: PlanFacts, to: PdcaStage): { rule: string; zh: string; en: string } | null {
  if (!NEXT[p.stage].includes(to)) return { rule: 'transition', zh: `不能从 ${p.stage} 转到 ${to}`, en: `cannot move from ${p.stage} to ${to}` };
  if (to === 'do' && p.actions === 0) return { rule: 'actions', zh: '计划须至少有一项措施', en: 'the plan needs at least one action' };
  if (to === 'act' && p.measurementsInCheck === 0) return { rule: 'measurement', zh: '检查阶段须先复测指标', en: 're-measure the indicator before acting' };
  return null;
}

/** Whether a measured value meets the target (higher is better for a satisfaction index); null when no figure. */
export const meetsTarget = (value: number | null, target: number): boolean | null => (value === null ? null : value >= target);
