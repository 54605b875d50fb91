import { Tag } from 'antd';
import { label } from '../labels';

const STATE_COLORS: Record<string, string> = {
  accepted: 'blue',
  dispatched: 'geekblue',
  in_progress: 'processing',
  waiting_customer: 'warning',
  waiting_parts: 'warning',
  waiting_third_party: 'warning',
  handled: 'cyan',
  callback: 'purple',
  closed: 'default',
  returned: 'magenta',
  suspended: 'orange',
  termination_requested: 'volcano',
  terminated: 'default',
  merged: 'default',
};

export function StateTag({ state }: { state: string }) {
  return (
    <Tag color={STATE_COLORS[state] ?? 'default'} data-testid="order-state" data-state={state}>
      {label('wo.states', state)}
    </Tag>
  );
}

export function TypeTag({ type, subtype }: { type: string; subtype?: string | null }) {
  const color = type === 'complaint' ? 'red' : type === 'fault_repair' ? 'orange' : type === 'consultation' ? 'blue' : 'default';
  return (
    <Tag color={color}>
      {label('wo.types', type)}
      {subtype ? ` · ${label('wo.subtypes', subtype)}` : ''}
    </Tag>
  );
}

export function UrgencyTag({ urgency }: { urgency: string }) {
  if (urgency === 'normal') return null;
  return <Tag color={urgency === 'major' ? 'red' : 'orange'}>{label('wo.urgencies', urgency)}</Tag>;
}
