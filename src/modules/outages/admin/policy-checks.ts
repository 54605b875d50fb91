/** Validation of outage policy documents before a new version is stored; problems name the field. */
import { territoryProblem } from '../../../platform/geo/territory.js';
import { validateGroupingPolicy, type PolicyProblem } from '../grouping/grouping-policy.js';

const num = (v: unknown, min: number, max = Number.MAX_SAFE_INTEGER) => typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max;
const strings = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'string' && x.length > 0);

export const POLICY_NAMES = [
  'grouping',
  'notice',
  'repeat_fault',
  'repair_quality',
  'dispatch',
  'crew_position',
  'reliability',
  'repair_commitment',
  'spot_report',
] as const;
export type OutagePolicyName = (typeof POLICY_NAMES)[number];

export function checkPolicy(name: OutagePolicyName, d: Record<string, any>): PolicyProblem[] {
  const out: PolicyProblem[] = [];
  const need = (ok: boolean, field: string, zh: string, en: string) => {
    if (!ok) out.push({ field, rule: 'policy', zh, en });
  };
  switch (name) {
    case 'grouping':
      need(typeof d.rules === 'object' && d.rules !== null, 'rules', '须为按设备类型的规则对象', 'must be an object of rules by device kind');
      if (out.length === 0) out.push(...validateGroupingPolicy(d as never));
      break;
    case 'notice':
      for (const k of ['planned', 'temporary_maintenance'])
        for (const a of ['important', 'ordinary'])
          need(num(d.leadMinutes?.[k]?.[a], 0), `leadMinutes.${k}.${a}`, '须为不小于 0 的分钟数', 'must be minutes ≥ 0');
      break;
    case 'repeat_fault':
      need(num(d.count, 1) && Number.isInteger(d.count), 'count', '须为不小于 1 的整数', 'must be an integer ≥ 1');
      need(num(d.windowDays, 1), 'windowDays', '须不少于 1 天', 'must be ≥ 1 day');
      break;
    case 'repair_quality':
      for (const k of ['substation', 'feeder', 'transformer', 'service_point'])
        need(strings(d.causesByDevice?.[k]), `causesByDevice.${k}`, '须为原因分类列表', 'must be a list of cause classes');
      need(strings(d.customerSideCauses), 'customerSideCauses', '须为原因分类列表', 'must be a list of cause classes');
      break;
    case 'dispatch':
      need(num(d.maxPositionAgeMinutes, 1), 'maxPositionAgeMinutes', '须不小于 1', 'must be ≥ 1');
      need(num(d.speedKmh, 1, 300), 'speedKmh', '须在 1 到 300 之间', 'must be between 1 and 300');
      need(num(d.detourFactor, 1, 5), 'detourFactor', '须在 1 到 5 之间', 'must be between 1 and 5');
      need(num(d.acceptWithinMinutes, 1, 240), 'acceptWithinMinutes', '须在 1 到 240 分钟之间', 'must be between 1 and 240 minutes');
      need(
        typeof d.skillsByDeviceKind === 'object' && d.skillsByDeviceKind !== null && Object.values(d.skillsByDeviceKind).every(strings),
        'skillsByDeviceKind',
        '须为设备类型到技能列表的映射',
        'must map device kinds to skill lists',
      );
      break;
    case 'crew_position': {
      // the territory is the platform's (PUT /api/territory); still accepted here for older clients and then saved there
      if (d.territory !== undefined) {
        const problem = territoryProblem(d.territory);
        need(problem === null, 'territory', '辖区须为经纬度范围（最小值小于最大值）或至少 3 个点的多边形', problem ?? '');
      }
      need(num(d.maxSpeedKmh, 1, 1000), 'maxSpeedKmh', '须在 1 到 1000 之间', 'must be between 1 and 1000');
      need(num(d.maxClockSkewSeconds, 0, 3600), 'maxClockSkewSeconds', '须在 0 到 3600 之间', 'must be between 0 and 3600');
      break;
    }
    case 'spot_report':
      need(num(d.maxTransformerDistanceMeters, 1, 10_000), 'maxTransformerDistanceMeters', '须在 1 到 10000 米之间', 'must be between 1 and 10000 metres');
      break;
    case 'repair_commitment':
      need(num(d.etrWithinMinutes, 1, 1440), 'etrWithinMinutes', '须在 1 到 1440 分钟之间', 'must be between 1 and 1440 minutes');
      break;
    case 'reliability':
      need(num(d.momentaryMaxMinutes, 0, 60), 'momentaryMaxMinutes', '须在 0 到 60 之间', 'must be between 0 and 60');
      need(strings(d.supplyShortageCauses), 'supplyShortageCauses', '须为原因分类列表', 'must be a list of cause classes');
      need(strings(d.externalCauses), 'externalCauses', '须为原因分类列表', 'must be a list of cause classes');
      need(num(d.medK, 0, 10), 'medK', '须在 0 到 10 之间', 'must be between 0 and 10');
      need(d.medStdDev === 'sample' || d.medStdDev === 'population', 'medStdDev', '须为 sample（样本）或 population（总体）', 'must be sample or population');
      need(
        num(d.medHistoryYears, 1, 10) && Number.isInteger(d.medHistoryYears),
        'medHistoryYears',
        '须为 1 到 10 之间的整数',
        'must be an integer between 1 and 10',
      );
      need(num(d.utcOffsetMinutes, -720, 840), 'utcOffsetMinutes', '须在 -720 到 840 之间', 'must be between -720 and 840');
      break;
  }
  return out;
}
