/** Who is calling, and the org subtree they may see. Built by the auth hook for every request. */
import type { Actor } from '../../platform/audit/audit.js';
import { can, type Permission, type Role } from './permissions.js';

export interface Principal {
  kind: 'user' | 'token';
  id: number;
  name: string;
  role: Role | null; // null for tokens
  scopes: readonly Permission[]; // tokens only
  orgUnitId: number;
  orgPath: string; // '/1/3/': the subtree prefix
  customerId: number | null;
  csrfToken: string | null; // cookie sessions only
  ip: string | null;
  userAgent: string | null;
}

export function allows(p: Principal, perm: Permission): boolean {
  return p.kind === 'token' ? p.scopes.includes(perm) : p.role !== null && can(p.role, perm);
}

export function actorOf(p: Principal | null | undefined, ip?: string | null, ua?: string | null): Actor {
  if (!p) return { id: null, kind: 'system', name: 'anonymous', ip: ip ?? null, userAgent: ua ?? null };
  return { id: p.id, kind: p.kind, name: p.name, ip: p.ip, userAgent: p.userAgent };
}

/** True when an org path lies inside the principal's subtree. */
export function inScope(p: Principal, orgPath: string): boolean {
  return orgPath.startsWith(p.orgPath);
}
