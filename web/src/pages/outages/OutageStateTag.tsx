import { Tag } from 'antd';
import { label } from '../../components/labels';

const COLORS: Record<string, string> = {
  predicted: 'orange',
  confirmed: 'red',
  crew_assigned: 'volcano',
  en_route: 'gold',
  on_site: 'purple',
  restored: 'green',
  closed: 'default',
  cancelled: 'default',
  merged: 'default',
  withdrawn: 'default',
};

export function OutageStateTag({ status }: { status: string }) {
  return (
    <Tag color={COLORS[status] ?? 'default'} data-testid="outage-state" data-state={status}>
      {label('outage.states', status)}
    </Tag>
  );
}

/** The assignment's acknowledgement beside the state: awaiting (red when overdue), accepted, or declined and needing a crew. */
export function AcceptanceTag({ acceptance, overdue, declined }: { acceptance?: 'awaiting' | 'accepted' | null; overdue?: boolean; declined?: boolean }) {
  const key = declined ? 'declined' : acceptance === 'awaiting' && overdue ? 'overdue' : acceptance;
  if (!key) return null;
  const color = key === 'accepted' ? 'blue' : key === 'awaiting' ? 'gold' : 'red';
  return (
    <Tag color={color} data-testid="outage-acceptance" data-acceptance={key}>
      {label('outage.acceptance', key)}
    </Tag>
  );
}
