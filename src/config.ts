/**
 * Every setting griddesk reads, from the environment, validated once at start.
 * The README's "Configuration" table lists the same variables; keep them in step.
 */
import path from 'node:path';

export interface Config {
  port: number;
  host: string;
  /** External PostgreSQL; when unset griddesk starts its embedded server. */
  databaseUrl: string | undefined;
  dataDir: string;
  embeddedPgPort: number;
  sessionTtlHours: number;
  /** how long a signed-in session's user may be served from memory (0: always ask the database) */
  sessionCacheMs: number;
  cookieSecure: boolean;
  loginMaxFailures: number;
  loginLockMinutes: number;
  loginRateLimitPerMinute: number;
  seedOnFirstStart: boolean;
  seedCustomers: number;
  seedValue: number;
  /** add demo activity (work orders, outages, a planned outage) when seeding on first start */
  seedActivity: boolean;
  logLevel: string;
  mapTileUrl: string;
  smtpUrl: string | undefined;
  smsGatewayUrl: string | undefined;
  /** how often the background sealer chains new audit records (ms) */
  auditSealIntervalMs: number;
  timezone: string;
  // payments (收费): the online payment gateway (docs/payments.md); online payment is off while the URL is unset
  payGatewayUrl: string | undefined;
  payGatewayMerchant: string;
  payGatewaySecret: string | undefined;
  /** where the gateway sends its asynchronous callbacks: this server's public URL of /api/payments/gateway/callback */
  payNotifyUrl: string | undefined;
  /** how often the background reconciler asks the gateway about open online orders (ms) */
  payReconcileIntervalMs: number;
  /** an online order still open this long after it was created is asked about (its callback taken as lost) (ms) */
  payLostCallbackMs: number;
  // prepaid fee control (docs/prepaid.md): the meter head-end; disconnect/reconnect orders stay queued while the URL is unset
  headEndUrl: string | undefined;
  headEndSecret: string | undefined;
  /** where the head-end sends command results: this server's public URL of /api/prepaid/head-end/callback */
  headEndNotifyUrl: string | undefined;
  /** the house file store (src/platform/file-store; documents, inspection photos): `<dataDir>/files`, or an S3-compatible bucket shared by several instances */
  fileStore: FileStoreConfig;
}

export type FileStoreConfig = { kind: 'local' } | { kind: 's3'; endpoint: string; bucket: string; region: string; accessKey: string; secretKey: string };

function fileStore(env: NodeJS.ProcessEnv): FileStoreConfig {
  const kind = env.GRIDDESK_FILE_STORE || 'local';
  if (kind === 'local') return { kind };
  if (kind !== 's3') throw new Error(`配置错误 / bad configuration: GRIDDESK_FILE_STORE=${kind} must be local or s3`);
  const need = (name: string) => {
    const v = env[name];
    if (!v) throw new Error(`配置错误 / bad configuration: ${name} is required when GRIDDESK_FILE_STORE=s3`);
    return v;
  };
  const endpoint = need('GRIDDESK_S3_ENDPOINT');
  if (!/^https?:\/\/[^/]/.test(endpoint)) throw new Error(`配置错误 / bad configuration: GRIDDESK_S3_ENDPOINT=${endpoint} must be an http(s) URL`);
  const bucket = need('GRIDDESK_S3_BUCKET');
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) throw new Error(`配置错误 / bad configuration: GRIDDESK_S3_BUCKET=${bucket} is not a bucket name`);
  return {
    kind,
    endpoint,
    bucket,
    region: env.GRIDDESK_S3_REGION || 'us-east-1',
    accessKey: need('GRIDDESK_S3_ACCESS_KEY'),
    secretKey: need('GRIDDESK_S3_SECRET_KEY'),
  };
}

function int(env: NodeJS.ProcessEnv, name: string, dflt: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return dflt;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new Error(`配置错误 / bad configuration: ${name}=${raw} must be an integer in [${min}, ${max}]`);
  }
  return n;
}

function bool(env: NodeJS.ProcessEnv, name: string, dflt: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return dflt;
  if (['1', 'true', 'yes'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no'].includes(raw.toLowerCase())) return false;
  throw new Error(`配置错误 / bad configuration: ${name}=${raw} must be true or false`);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: int(env, 'PORT', 8080, 0, 65535),
    host: env.HOST || '0.0.0.0',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(env.GRIDDESK_DATA_DIR || 'data'),
    embeddedPgPort: int(env, 'GRIDDESK_PG_PORT', 54329, 1, 65535),
    sessionTtlHours: int(env, 'GRIDDESK_SESSION_TTL_HOURS', 12, 1, 24 * 30),
    sessionCacheMs: int(env, 'GRIDDESK_SESSION_CACHE_MS', 30_000, 0, 3_600_000),
    cookieSecure: bool(env, 'GRIDDESK_COOKIE_SECURE', false),
    loginMaxFailures: int(env, 'GRIDDESK_LOGIN_MAX_FAILURES', 5, 1, 100),
    loginLockMinutes: int(env, 'GRIDDESK_LOGIN_LOCK_MINUTES', 15, 1, 24 * 60),
    loginRateLimitPerMinute: int(env, 'GRIDDESK_LOGIN_RATE_LIMIT', 20, 1, 10000),
    seedOnFirstStart: bool(env, 'GRIDDESK_SEED', true),
    seedCustomers: int(env, 'GRIDDESK_SEED_CUSTOMERS', 5000, 0, 10_000_000),
    seedValue: int(env, 'GRIDDESK_SEED_VALUE', 42),
    seedActivity: bool(env, 'GRIDDESK_SEED_ACTIVITY', true),
    logLevel: env.LOG_LEVEL || 'info',
    mapTileUrl: env.GRIDDESK_MAP_TILE_URL || '',
    smtpUrl: env.GRIDDESK_SMTP_URL || undefined,
    smsGatewayUrl: env.GRIDDESK_SMS_URL || undefined,
    auditSealIntervalMs: int(env, 'GRIDDESK_AUDIT_SEAL_INTERVAL_MS', 150, 10, 60_000),
    timezone: 'Asia/Shanghai',
    payGatewayUrl: env.GRIDDESK_PAYGW_URL || undefined,
    payGatewayMerchant: env.GRIDDESK_PAYGW_MERCHANT || 'griddesk',
    payGatewaySecret: env.GRIDDESK_PAYGW_SECRET || undefined,
    payNotifyUrl: env.GRIDDESK_PAYGW_NOTIFY_URL || undefined,
    payReconcileIntervalMs: int(env, 'GRIDDESK_PAYGW_RECONCILE_MS', 60_000, 100, 3_600_000),
    payLostCallbackMs: int(env, 'GRIDDESK_PAYGW_LOST_CALLBACK_MS', 120_000, 0, 86_400_000),
    headEndUrl: env.GRIDDESK_HEADEND_URL || undefined,
    headEndSecret: env.GRIDDESK_HEADEND_SECRET || undefined,
    headEndNotifyUrl: env.GRIDDESK_HEADEND_NOTIFY_URL || undefined,
    fileStore: fileStore(env),
  };
}
