/** Refusals because of an application's state (409), naming the field and rule like every other refusal. */
import { conflict, type DomainError } from '../../platform/errors.js';

export function stateRefusal(code: string, field: string, rule: string, zh: string, en: string, extra: Record<string, unknown> = {}): DomainError {
  return conflict(zh, en, extra, code, [{ field, rule, message: zh, messageEn: en }]);
}

export const closedRefusal = (status: string) =>
  stateRefusal('APPLICATION_CLOSED', 'status', 'application_open', '申请已办结或已撤销', 'the application is closed', { status });
