/**
 * Schema validation for every route. Bodies are validated strictly (no type coercion, unknown
 * fields refused); query strings and path params are coerced from text as they must be.
 * Ajv errors become our error format with the field named and a zh-CN/English message.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifyInstance, FastifySchema } from 'fastify';
import { AppError, type ErrorDetail } from './errors.js';
import { onFirstUse } from './lazy-compile.js';

// ajv-formats is CommonJS with a default export; under NodeNext the function sits on .default
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (a: Ajv) => void;

/**
 * The years a date or an instant of this service falls in. RFC 3339 allows 0000–9999 and a leap
 * second (23:59:60); JavaScript's Date refuses the leap second, and a service's date arithmetic
 * near year 9999 overflows what PostgreSQL parses back. Found by the fuzz (test/api/fuzz.test.ts).
 */
export const YEAR_MIN = 1900;
export const YEAR_MAX = 2199;

type FormatCheck = (s: string) => boolean;
/** The `date` and `date-time` formats of ajv-formats, also holding the value to YEAR_MIN…YEAR_MAX and to what Date.parse reads. */
function boundDates(ajv: Ajv) {
  for (const name of ['date', 'date-time'] as const) {
    const f = ajv.formats[name] as unknown;
    const base: FormatCheck =
      typeof f === 'function'
        ? (f as FormatCheck)
        : f instanceof RegExp
          ? (s) => f.test(s)
          : typeof (f as { validate?: unknown })?.validate === 'function'
            ? (f as { validate: FormatCheck }).validate
            : () => true;
    ajv.addFormat(name, {
      type: 'string',
      validate: (s: string) => {
        if (!base(s) || Number.isNaN(Date.parse(s))) return false;
        const year = Number(s.slice(0, 4));
        return year >= YEAR_MIN && year <= YEAR_MAX;
      },
    });
  }
}

function makeAjv(coerce: boolean) {
  const ajv = new Ajv({ verbose: true, allErrors: false, coerceTypes: coerce ? 'array' : false, useDefaults: true, removeAdditional: false, strict: false });
  addFormats(ajv);
  boundDates(ajv);
  ajv.addKeyword({ keyword: 'x-zh' });
  ajv.addKeyword({ keyword: 'x-en' });
  ajv.addKeyword({ keyword: 'x-range' });
  return ajv;
}
const strictAjv = makeAjv(false);
const coercingAjv = makeAjv(true);

export function installValidation(app: FastifyInstance) {
  // compiled on a route's first request, not at start (lazy-compile.ts): an instance holds the
  // validators of the routes it serves; a test compiles every route's schemas
  app.setValidatorCompiler(({ schema, httpPart }) => {
    const ajv = httpPart === 'body' ? strictAjv : coercingAjv;
    const compiled = onFirstUse(app, () => ajv.compile(schema));
    // Fastify hands an Ajv function (one with `schemaEnv`) the request as the value's parent, so
    // that coercion and defaults may replace the root value itself; the wrapper passes it on
    const validate = (data: unknown, ctx?: Parameters<ValidateFunction>[1]) => {
      const fn = compiled();
      const ok = fn(data, ctx);
      validate.errors = fn.errors;
      return ok;
    };
    validate.errors = null as ValidateFunction['errors'];
    validate.schemaEnv = true;
    return validate;
  });
  app.setSchemaErrorFormatter((errors, dataVar) => toAppError(errors as ErrorObject[], dataVar));
  // A JSON body is parsed by Fastify's own parser (same limits, proto-poisoning checks and errors);
  // its raw text is tested once for anything that could decode to unstorable text, and only a
  // body whose text might (an escaped NUL or surrogate) is walked field by field below.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    if (!MAY_HOLD_UNSTORABLE.test(body as string)) plainJson.add(req);
    parseJson(req, body as string, done);
  });
  // before the schemas: text PostgreSQL cannot store is refused for every route, naming the field
  // (a synchronous hook: no promise per request; a request with nothing to look at costs three checks)
  app.addHook('preValidation', (req, _reply, done) => {
    const field =
      (req.body !== undefined && !plainJson.has(req) && unstorableText(req.body, 'body')) ||
      (req.query !== undefined && unstorableText(req.query, 'querystring')) ||
      (req.params !== undefined && unstorableText(req.params, 'params'));
    done(field ? unstorable(field) : undefined);
  });
}

/** Requests whose JSON body text holds no escape or character that could decode to unstorable text. */
const plainJson = new WeakSet<object>();
/**
 * What JSON text must contain for its parsed value to hold a NUL or an unpaired surrogate: the
 * escape `\u0000` or `\uD800`–`\uDFFF`, or the character itself (JSON.parse refuses a raw NUL
 * in a string, and text decoded from UTF-8 holds only paired surrogates, but either is looked at).
 * A match only means the parsed body is walked as before (an escaped emoji pair matches too).
 */
// eslint-disable-next-line no-control-regex -- NUL is exactly what is looked for
const MAY_HOLD_UNSTORABLE = /\\u(?:0000|[dD][89a-fA-F])|[\u0000\uD800-\uDFFF]/;

/**
 * Characters no PostgreSQL text, varchar or jsonb value can hold: NUL (U+0000), and a UTF-16
 * surrogate without its pair (JSON may escape one, `"\ud800"`, but UTF-8 cannot encode it).
 */
// eslint-disable-next-line no-control-regex -- NUL is exactly what is refused
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The dotted name of the first string (or object key) in a request part holding unstorable text, or null. */
export function unstorableText(value: unknown, part: string): string | null {
  const stack: [unknown, string][] = [[value, part]];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      if (UNSTORABLE.test(v)) return path;
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${path}.${i}`]);
    } else if (typeof v === 'object' && v !== null) {
      const entries = Object.entries(v);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, x] = entries[i];
        if (UNSTORABLE.test(k)) return `${path}.${k.replace(UNSTORABLE, '?')}`;
        stack.push([x, `${path}.${k}`]);
      }
    }
  }
  return null;
}

function unstorable(field: string): AppError {
  const zh = '含有无法保存的字符（空字符或不成对的代理项）';
  const en = 'contains a character that cannot be stored (NUL or an unpaired surrogate)';
  return new AppError(400, 'VALIDATION_FAILED', `请求参数有误：${field} ${zh}`, `Invalid request: ${field} ${en}`, [
    { field, rule: 'text', message: `${field} ${zh}`, messageEn: `${field} ${en}` },
  ]);
}

function describe(e: ErrorObject): { rule: string; zh: string; en: string; field?: string } {
  const p = e.params as Record<string, unknown>;
  const s = (e.parentSchema ?? {}) as Record<string, unknown>;
  // a named range (longitude, latitude...): one rule and a message naming the quantity, whichever bound broke
  if (s['x-range'] && ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum'].includes(e.keyword)) {
    return { rule: 'range', zh: `${s['x-zh']}应在 ${s.minimum} 到 ${s.maximum} 之间`, en: `${s['x-en']} must be between ${s.minimum} and ${s.maximum}` };
  }
  switch (e.keyword) {
    case 'required':
      return { rule: 'required', zh: '必填', en: 'is required', field: String(p.missingProperty) };
    case 'additionalProperties':
      return { rule: 'unknown', zh: '不允许的字段', en: 'is not an allowed field', field: String(p.additionalProperty) };
    case 'type':
      return { rule: 'type', zh: `类型应为 ${p.type}`, en: `must be of type ${p.type}` };
    case 'maxLength':
      return { rule: 'maxLength', zh: `长度不能超过 ${p.limit}`, en: `must be at most ${p.limit} characters` };
    case 'minLength':
      return { rule: 'minLength', zh: `长度不能少于 ${p.limit}`, en: `must be at least ${p.limit} characters` };
    case 'pattern':
      return { rule: 'pattern', zh: '格式不正确', en: 'has the wrong format' };
    case 'format':
      if (p.format === 'date' || p.format === 'date-time') {
        const zhKind = p.format === 'date' ? '日期' : '日期时间';
        return {
          rule: 'format',
          zh: `应为 ${YEAR_MIN} 到 ${YEAR_MAX} 年之间的有效${zhKind}（${p.format}）`,
          en: `must be a valid ${p.format} between the years ${YEAR_MIN} and ${YEAR_MAX}`,
        };
      }
      return { rule: 'format', zh: `格式应为 ${p.format}`, en: `must be a valid ${p.format}` };
    case 'enum':
      return {
        rule: 'enum',
        zh: `取值应为 ${(p.allowedValues as unknown[]).join(', ')} 之一`,
        en: `must be one of ${(p.allowedValues as unknown[]).join(', ')}`,
      };
    case 'minimum':
    case 'exclusiveMinimum':
      return { rule: e.keyword, zh: `不能小于 ${p.limit}`, en: `must be ≥ ${p.limit}` };
    case 'maximum':
    case 'exclusiveMaximum':
      return { rule: e.keyword, zh: `不能大于 ${p.limit}`, en: `must be ≤ ${p.limit}` };
    case 'maxItems':
      return { rule: 'maxItems', zh: `最多 ${p.limit} 项`, en: `must have at most ${p.limit} items` };
    case 'minItems':
      return { rule: 'minItems', zh: `至少 ${p.limit} 项`, en: `must have at least ${p.limit} items` };
    default:
      return { rule: e.keyword, zh: e.message ?? '无效', en: e.message ?? 'is invalid' };
  }
}

export function toAppError(errors: ErrorObject[], dataVar: string): AppError {
  const details: ErrorDetail[] = errors.map((e) => {
    const d = describe(e);
    const path = e.instancePath.replace(/^\//, '').replace(/\//g, '.');
    const field = [dataVar, path, d.field].filter(Boolean).join('.');
    return { field, rule: d.rule, message: `${field} ${d.zh}`, messageEn: `${field} ${d.en}` };
  });
  const first = details[0];
  return new AppError(400, 'VALIDATION_FAILED', `请求参数有误：${first?.message ?? ''}`, `Invalid request: ${first?.messageEn ?? ''}`, details);
}

/** Route schemas must declare what they accept; this refuses to register a route that does not. */
export function assertSchema(method: string, url: string, schema: FastifySchema | undefined) {
  if (!schema) throw new Error(`route ${method} ${url} has no schema`);
  if (['POST', 'PUT', 'PATCH'].includes(method) && !schema.body) throw new Error(`route ${method} ${url} has no body schema`);
}
