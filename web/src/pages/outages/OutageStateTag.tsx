import { Tag } from 'antd';
import { label } from '../../components/labels';

const COLORS: Record<string, string> = {
  predicted: 'orange', confirmed: 'red', crew_assigned: 'volcano', en_route: 'gold', on_site: 'purple', restored: 'green', closed: 'default', cancelled: 'default', merged: 'default', withdrawn: 'default',
};

export function OutageStateTag({ status }: { status: string }) {
  return <Tag color={COLORS[status] ?? 'default'} data-testid="outage-state" data-state={status}>{label('outage.states', status)}</Tag>;
}
