/**
 * Pure: kinds of application, customer classes, channels, and the stages each application goes
 * through. A stage cannot be skipped: the only forward move is to the next stage of the flow.
 * The clock history uses these names: advancing from stage X records action `done:X` with the new
 * stage as state; a customer pause records state `customer_wait` until it ends.
 */
import { DomainError } from '../../platform/errors.js';

export const KINDS = [
  'new',
  'increase',
  'rename',
  'transfer',
  'relocation',
  'temporary_removal',
  'pause',
  'pause_end',
  'reduction',
  'reduction_end',
  'meter_relocation',
  'use_class_change',
  'closure',
] as const;
export type Kind = (typeof KINDS)[number];
export const CUSTOMER_CLASSES = ['residential', 'lv_nonresidential', 'hv_single', 'hv_dual'] as const;
export type CustomerClass = (typeof CUSTOMER_CLASSES)[number];
export const CHANNELS = ['counter', 'portal', 'phone'] as const;
export type Channel = (typeof CHANNELS)[number];
/**
 * Who started an application: the customer (at the counter, by phone, on the portal) or the
 * supply company itself (today: a 销户 case of the six-months-without-use finder, closures.ts).
 * The document checklist may differ by it (policy.ts, `when.initiators` / `when.notInitiators`).
 */
export const INITIATORS = ['customer', 'company'] as const;
export type Initiator = (typeof INITIATORS)[number];
export const INDUSTRIES = ['residential', 'industrial', 'commercial', 'agricultural', 'other'] as const;
export type Industry = (typeof INDUSTRIES)[number];

export const STAGES = ['acceptance', 'survey', 'plan', 'design_review', 'mid_inspection', 'completion', 'contract', 'power_on', 'archive'] as const;
export type Stage = (typeof STAGES)[number];
export const CUSTOMER_WAIT = 'customer_wait';
export const CANCELLED = 'cancelled';
export const ARCHIVED = 'archived';

/** Who owns each stage (the role whose queue it is in). */
export const STAGE_OWNER: Record<Stage, string> = {
  acceptance: 'marketing',
  survey: 'account_manager',
  plan: 'marketing',
  design_review: 'account_manager',
  mid_inspection: 'account_manager',
  completion: 'account_manager',
  contract: 'marketing',
  power_on: 'marketing',
  archive: 'marketing',
};

export const STAGE_LABEL: Record<Stage, { zh: string; en: string }> = {
  acceptance: { zh: '业务受理', en: 'acceptance' },
  survey: { zh: '现场勘查', en: 'site survey' },
  plan: { zh: '供电方案答复', en: 'supply plan reply' },
  design_review: { zh: '设计审查', en: 'design review' },
  mid_inspection: { zh: '中间检查', en: 'mid-construction inspection' },
  completion: { zh: '竣工检验', en: 'completion inspection' },
  contract: { zh: '供用电合同签订', en: 'contract signing' },
  power_on: { zh: '装表接电', en: 'meter installation and power-on' },
  archive: { zh: '资料归档', en: 'archive' },
};

export const isHv = (c: CustomerClass) => c === 'hv_single' || c === 'hv_dual';

/** The stages of one application, in order. */
export function flowOf(kind: Kind, cls: CustomerClass): Stage[] {
  switch (kind) {
    case 'new':
    case 'increase':
      return isHv(cls)
        ? ['acceptance', 'survey', 'plan', 'design_review', 'mid_inspection', 'completion', 'contract', 'power_on', 'archive']
        : ['acceptance', 'survey', 'plan', 'completion', 'contract', 'power_on', 'archive'];
    case 'relocation':
    case 'meter_relocation':
    case 'use_class_change':
    case 'temporary_removal':
      return ['acceptance', 'survey', 'plan', 'completion', 'contract', 'power_on', 'archive'];
    case 'pause':
    case 'pause_end':
    case 'reduction':
    case 'reduction_end':
      return ['acceptance', 'survey', 'power_on', 'archive'];
    case 'rename':
    case 'transfer':
      return ['acceptance', 'contract', 'archive'];
    case 'closure':
      // 销户: received, the site visit that removes the meter, archived (the account closes then)
      return ['acceptance', 'survey', 'archive'];
  }
}

export function nextStage(flow: readonly Stage[], current: Stage): Stage | null {
  const i = flow.indexOf(current);
  return i >= 0 && i + 1 < flow.length ? flow[i + 1] : null;
}

/** Refuses any move but to the next stage, naming the rule. */
export function checkMove(flow: readonly Stage[], current: Stage, to: Stage): void {
  const next = nextStage(flow, current);
  if (to === next) return;
  const label = (s: Stage) => STAGE_LABEL[s];
  if (!flow.includes(to)) {
    throw new DomainError(
      'conflict',
      'STAGE_NOT_IN_FLOW',
      `此类申请没有“${label(to).zh}”环节`,
      `this kind of application has no ${label(to).en} stage`,
      [{ field: 'to', rule: 'stage_in_flow', message: `流程中没有“${label(to).zh}”`, messageEn: `${label(to).en} is not a stage of this flow` }],
      { currentStage: current, nextStage: next },
    );
  }
  if (flow.indexOf(to) > flow.indexOf(current)) {
    const skipped = flow.slice(flow.indexOf(current), flow.indexOf(to));
    throw new DomainError(
      'conflict',
      'STAGE_SKIPPED',
      `环节不能跳过：须先完成${skipped.map((s) => `“${label(s).zh}”`).join('、')}`,
      `a stage cannot be skipped: ${skipped.map((s) => label(s).en).join(', ')} must be done first`,
      [
        {
          field: 'to',
          rule: 'no_skip',
          message: `下一环节应为“${next ? label(next).zh : '无'}”`,
          messageEn: `the next stage is ${next ? label(next).en : 'none'}`,
        },
      ],
      { currentStage: current, nextStage: next },
    );
  }
  throw new DomainError(
    'conflict',
    'STAGE_BACKWARDS',
    '环节只能向前推进',
    'stages only move forward',
    [
      {
        field: 'to',
        rule: 'forward_only',
        message: `下一环节应为“${next ? label(next).zh : '无'}”`,
        messageEn: `the next stage is ${next ? label(next).en : 'none'}`,
      },
    ],
    { currentStage: current, nextStage: next },
  );
}

/**
 * Whether a clock of the SLA policy applies to this flow: every `done:<stage>` action it starts or
 * stops on must be a stage of the flow (the 2011 supply-plan clock does not apply to a rename).
 */
export function clockApplies(flow: readonly Stage[], clock: { startOn?: string[]; stopOn: { actions?: string[] } }): boolean {
  const named = [...(clock.startOn ?? []), ...(clock.stopOn.actions ?? [])].filter((a) => a.startsWith('done:')).map((a) => a.slice(5));
  return named.every((s) => (flow as readonly string[]).includes(s));
}

/** The states and actions of every flow, for validating the connection SLA policies (platform validatePolicy). */
export function clockVocabulary(): { initialState: string; edges: [string, string, string][] } {
  const edges = new Set<string>();
  for (const kind of KINDS)
    for (const cls of CUSTOMER_CLASSES) {
      const flow = flowOf(kind, cls);
      flow.forEach((s, i) => {
        edges.add(JSON.stringify([s, `done:${s}`, i + 1 < flow.length ? flow[i + 1] : ARCHIVED]));
        edges.add(JSON.stringify([s, 'customer_pause', CUSTOMER_WAIT]));
        edges.add(JSON.stringify([CUSTOMER_WAIT, 'customer_resume', s]));
        edges.add(JSON.stringify([s, 'cancel', CANCELLED]));
      });
    }
  return { initialState: 'acceptance', edges: [...edges].map((e) => JSON.parse(e)) };
}
