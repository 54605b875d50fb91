/** Put a server error's field details onto an AntD form, and return the text for the rest. */
import type { FormInstance } from 'antd';
import i18n from '../i18n';
import { ApiError, errorText } from '../api/client';

/** `body.displayName` / `querystring.q` / `displayName` → `displayName`. */
export function fieldName(f: string): string {
  return f.replace(/^(body|querystring|params)\.?/, '');
}

export function applyFormErrors(form: FormInstance, e: unknown): string {
  if (!(e instanceof ApiError)) return errorText(e);
  const en = i18n.language.startsWith('en');
  const byField = new Map<string, string[]>();
  for (const d of e.body.details ?? []) {
    const name = fieldName(d.field).split('.')[0];
    if (!name) continue;
    const text = (en ? d.messageEn : d.message) ?? d.message;
    byField.set(name, [...(byField.get(name) ?? []), text]);
  }
  if (byField.size) form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
  return e.localized();
}
