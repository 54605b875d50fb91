/**
 * The post-call IVR rating file (docs/satisfaction.md "IVR ratings"). Pure: text in, records and
 * problems out; a bad line is reported by number and reason, never stops the file.
 *
 *   call_id,rated_at,key
 *   1733450000.123,2026-11-02T09:15:30+08:00,5
 *
 * `call_id` is the CTI call id (the Asterisk uniqueid queue_log carries), `rated_at` an ISO 8601
 * instant with its offset, `key` the digit pressed. A key outside the policy's IVR scale (0, *, #,
 * 6…) is refused as `bad_key`: the customer did not rate.
 */
export interface IvrRecord {
  line: number;
  callId: string;
  ratedAt: Date;
  key: number;
}
export interface IvrProblem {
  line: number;
  reason: 'bad_header' | 'truncated' | 'bad_call_id' | 'bad_time' | 'bad_key' | 'repeated_call' | 'unknown_call';
  detail: string;
}

const HEADER = 'call_id,rated_at,key';
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

export function parseIvrCsv(text: string, scale: { min: number; max: number }): { records: IvrRecord[]; problems: IvrProblem[]; lines: number } {
  const rows = text.replace(/^\uFEFF/, '').split('\n');
  const records: IvrRecord[] = [];
  const problems: IvrProblem[] = [];
  const seen = new Set<string>();
  let lines = 0;
  rows.forEach((raw, i) => {
    const line = i + 1;
    const l = raw.replace(/\r$/, '').trim();
    if (l === '') return;
    if (line === 1) {
      if (l.toLowerCase().replace(/\s/g, '') !== HEADER) problems.push({ line, reason: 'bad_header', detail: `expected "${HEADER}"` });
      return;
    }
    lines++;
    const f = l.split(',').map((x) => x.trim());
    if (f.length < 3) return void problems.push({ line, reason: 'truncated', detail: l.slice(0, 80) });
    const [callId, at, key] = f;
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(callId)) return void problems.push({ line, reason: 'bad_call_id', detail: callId.slice(0, 80) });
    const ratedAt = ISO.test(at) ? new Date(at) : null;
    if (!ratedAt || Number.isNaN(ratedAt.getTime())) return void problems.push({ line, reason: 'bad_time', detail: at.slice(0, 40) });
    const k = /^\d{1,2}$/.test(key) ? Number(key) : NaN;
    if (!(k >= scale.min && k <= scale.max)) return void problems.push({ line, reason: 'bad_key', detail: key.slice(0, 10) });
    if (seen.has(callId)) return void problems.push({ line, reason: 'repeated_call', detail: callId });
    seen.add(callId);
    records.push({ line, callId, ratedAt, key: k });
  });
  return { records, problems, lines };
}
