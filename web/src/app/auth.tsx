/** The signed-in user (GET /api/auth/me), login and logout, and permission checks. */
import { createContext, useCallback, useContext, useEffect, useMemo, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, onUnauthorized, setCsrfToken } from '../api/client';
import { call, http } from '../api/http';
import type { Me, Permission } from '../api/types';

interface AuthState {
  me: Me | null;
  loading: boolean;
  can: (...perms: Permission[]) => boolean;
  login: (username: string, password: string) => Promise<Me | null>;
  logout: () => Promise<void>;
}

const Ctx = createContext<AuthState | null>(null);
export const EXPIRED_KEY = 'griddesk.sessionExpired';

async function fetchMe(): Promise<Me | null> {
  try {
    const me = await call(http.GET('/api/auth/me'));
    setCsrfToken(me.csrfToken);
    return me;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw e;
  }
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['me'], queryFn: fetchMe, staleTime: 5 * 60_000, retry: 1 });
  const me = q.data ?? null;

  useEffect(
    () =>
      onUnauthorized(() => {
        setCsrfToken(null);
        if (qc.getQueryData(['me'])) sessionStorage.setItem(EXPIRED_KEY, '1'); // the login page says why
        qc.setQueryData(['me'], null);
      }),
    [qc],
  );

  const login = useCallback(
    async (username: string, password: string) => {
      const r = await call(http.POST('/api/auth/login', { body: { username, password } }));
      setCsrfToken(r.csrfToken);
      const fresh = await fetchMe();
      // keep the observed ['me'] query (clearing the cache would orphan this provider's observer)
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
      qc.setQueryData(['me'], fresh);
      return fresh;
    },
    [qc],
  );

  const logout = useCallback(async () => {
    try {
      await call(http.POST('/api/auth/logout', { body: {} }));
    } finally {
      setCsrfToken(null);
      qc.setQueryData(['me'], null);
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
    }
  }, [qc]);

  const value = useMemo<AuthState>(
    () => ({
      me,
      loading: q.isLoading,
      can: (...perms) => !!me && perms.every((p) => me.permissions.includes(p)),
      login,
      logout,
    }),
    [me, q.isLoading, login, logout],
  );

  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useAuth(): AuthState {
  const v = useContext(Ctx);
  if (!v) throw new Error('useAuth outside AuthProvider');
  return v;
}
