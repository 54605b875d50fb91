/** argon2id password hashing (OWASP parameters: m=19 MiB, t=2, p=1) and the password rule. */
import { hash, verify } from '@node-rs/argon2';

const OPTS = { algorithm: 2 /* Argon2id */, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (pw: string) => hash(pw, OPTS);
export const verifyPassword = (h: string, pw: string) => verify(h, pw).catch(() => false);

/** Pure: a password needs 8+ characters with letters and digits. Returns the broken rule or null. */
export function passwordProblem(pw: string): { zh: string; en: string } | null {
  if (pw.length < 8) return { zh: '密码至少 8 位', en: 'password must have at least 8 characters' };
  if (!/[A-Za-z]/.test(pw) || !/\d/.test(pw)) return { zh: '密码须同时包含字母和数字', en: 'password must contain letters and digits' };
  return null;
}
