/** A small hand-built network shared by the grouping tests. */
import { NetworkTree, type DeviceInput } from './network-tree.js';
import type { GroupingPolicy } from './grouping-policy.js';

// S1 ─ F1 ─ T11 T12 T13 T14 (4 service points each)
//    └ F2 ─ T21 T22         (2 each)
// S2 ─ F3 ─ T31             (3)
export const DEVICES: DeviceInput[] = [
  { id: 1, kind: 'substation', parentId: null },
  { id: 2, kind: 'substation', parentId: null },
  { id: 10, kind: 'feeder', parentId: 1 },
  { id: 20, kind: 'feeder', parentId: 1 },
  { id: 30, kind: 'feeder', parentId: 2 },
  ...[11, 12, 13, 14].map((id) => ({ id, kind: 'transformer' as const, parentId: 10, servicePoints: 4 })),
  ...[21, 22].map((id) => ({ id, kind: 'transformer' as const, parentId: 20, servicePoints: 2 })),
  { id: 31, kind: 'transformer', parentId: 30, servicePoints: 3 },
];

export const tree = () => new NetworkTree(DEVICES);

/** The example rule. */
export const EXAMPLE: GroupingPolicy = {
  rules: {
    transformer: { minCallers: 2, minCallingChildren: 2, minCallingShare: 0 },
    feeder: { minCallers: 2, minCallingChildren: 2, minCallingShare: 0 },
  },
};

/** A stricter feeder rule (3 of 4 transformers) and a substation rule (every feeder calling). */
export const SHARE: GroupingPolicy = {
  rules: {
    transformer: { minCallers: 2, minCallingChildren: 2, minCallingShare: 0 },
    feeder: { minCallers: 3, minCallingChildren: 2, minCallingShare: 0.75 },
    substation: { minCallers: 2, minCallingChildren: 2, minCallingShare: 1 },
  },
};

/** Transformers only: every transformer group stays separate. */
export const TRANSFORMERS_ONLY: GroupingPolicy = { rules: { transformer: { minCallers: 2, minCallingChildren: 2, minCallingShare: 0 } } };
