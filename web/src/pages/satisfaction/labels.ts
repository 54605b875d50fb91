/** Labels of the satisfaction screens' segment keys. */
import { label } from '../../components/labels';

export function segmentLabel(dimension: string, key: string, orgLabel?: string): string {
  switch (dimension) {
    case 'segment':
      return label('sat.segments', key);
    case 'area':
      return label('sat.areas', key);
    case 'channel':
      return label('wo.channels', key);
    case 'orderType':
      return label('wo.types', key);
    case 'method':
      return label('sat.method', key);
    default:
      return orgLabel ?? key;
  }
}
