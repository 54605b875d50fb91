/** Pure: which org level may sit under which. */
export const ORG_LEVELS = ['province', 'city', 'county', 'station', 'hall'] as const;
export type OrgLevel = (typeof ORG_LEVELS)[number];
export const AREA_TYPES = ['urban', 'rural', 'remote'] as const;

const CHILDREN: Record<OrgLevel, OrgLevel[]> = {
  province: ['city'],
  city: ['county', 'station', 'hall'],
  county: ['station', 'hall'],
  station: [],
  hall: [],
};

export function childLevelAllowed(parent: OrgLevel, child: OrgLevel): boolean {
  return CHILDREN[parent].includes(child);
}
