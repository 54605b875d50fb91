/**
 * The meter head-end adapter (主站 / 费控接口): griddesk's side of the documented contract
 * (docs/prepaid.md, "Head-end contract"), JSON over HTTP, every message signed (head-end-rules.ts);
 * a reply with a bad signature is refused. The head-end is idempotent by `commandNo`: a command sent
 * twice answers the first command's state and switches the meter once.
 */
import { DomainError } from '../../platform/errors.js';
import { HEAD_END_STATUSES, verifySign, withSign, type HeadEndMessage, type HeadEndStatus } from './head-end-rules.js';

export interface HeadEndSettings {
  url: string;
  secret: string;
  /** this server's public URL of POST /api/prepaid/head-end/callback */
  notifyUrl: string;
}

export interface HeadEndAnswer {
  commandNo: string;
  status: HeadEndStatus;
  executedAt?: string;
  reason?: string;
}

const unavailable = (why: string) =>
  new DomainError('unavailable', 'HEAD_END_UNAVAILABLE', `费控主站不可用：${why}`, `the meter head-end is unavailable: ${why}`);

async function exchange(s: HeadEndSettings, path: string, body: HeadEndMessage): Promise<HeadEndAnswer> {
  let res: Response;
  try {
    res = await fetch(`${s.url.replace(/\/$/, '')}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(withSign(body, s.secret)),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (e) {
    throw unavailable((e as Error).message);
  }
  const reply = (await res.json().catch(() => null)) as Record<string, string | number> | null;
  if (!reply || typeof reply !== 'object') throw unavailable(`HTTP ${res.status}, no JSON reply`);
  if (!verifySign(reply, s.secret)) throw unavailable('reply signature does not verify');
  if (!res.ok) throw unavailable(`HTTP ${res.status} ${String(reply.code ?? '')} ${String(reply.message ?? '')}`);
  const status = String(reply.status);
  if (!(HEAD_END_STATUSES as readonly string[]).includes(status)) throw unavailable(`unknown status ${status}`);
  return {
    commandNo: String(reply.commandNo),
    status: status as HeadEndStatus,
    executedAt: reply.executedAt === undefined ? undefined : String(reply.executedAt),
    reason: reply.reason === undefined ? undefined : String(reply.reason),
  };
}

export function sendCommand(
  s: HeadEndSettings,
  c: { commandNo: string; action: 'disconnect' | 'reconnect'; meterNo: string; accountNo: string },
): Promise<HeadEndAnswer> {
  return exchange(s, '/commands', { ...c, notifyUrl: s.notifyUrl, timestamp: Date.now(), nonce: crypto.randomUUID() });
}

/** Polling, for a lost callback: the command as the head-end knows it. */
export function queryCommand(s: HeadEndSettings, commandNo: string): Promise<HeadEndAnswer> {
  return exchange(s, '/commands/query', { commandNo, timestamp: Date.now(), nonce: crypto.randomUUID() });
}
