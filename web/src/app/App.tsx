/** Providers (query cache, AntD locale/theme, auth) and the route table. */
import { Suspense } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, Spin } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { AuthProvider, useAuth } from './auth';
import { PUBLIC_SCREENS, SCREENS } from './nav';
import Shell from './Shell';
import LoginPage from '../pages/login/LoginPage';
import { Forbidden, NotFound } from '../components/Problems';
import type { Permission } from '../api/types';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      retry: (n, e) => !(e instanceof ApiError && e.status >= 400 && e.status < 500) && n < 2,
      refetchOnWindowFocus: false,
      staleTime: 15_000,
    },
  },
});

function Loading() {
  return (
    <div style={{ padding: 64, textAlign: 'center' }}>
      <Spin size="large" />
    </div>
  );
}

function RequireLogin() {
  const { me, loading } = useAuth();
  const loc = useLocation();
  if (loading) return <Loading />;
  if (!me) return <Navigate to="/login" replace state={{ from: loc.pathname + loc.search }} />;
  return <Shell />;
}

function Guarded({ perms, children }: { perms: Permission[]; children: React.ReactNode }) {
  const { me } = useAuth();
  if (!me || !perms.every((p) => (me.permissions as readonly string[]).includes(p))) return <Forbidden />;
  return <>{children}</>;
}

function Router() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      {PUBLIC_SCREENS.map((s) => (
        <Route
          key={s.key}
          path={s.path}
          element={
            <Suspense fallback={<Loading />}>
              <s.component />
            </Suspense>
          }
        />
      ))}
      <Route element={<RequireLogin />}>
        {SCREENS.map((s) => (
          <Route
            key={s.key}
            path={s.path}
            element={
              <Guarded perms={s.perms}>
                <s.component />
              </Guarded>
            }
          />
        ))}
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}

export default function App() {
  const { i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  dayjs.locale(en ? 'en' : 'zh-cn');
  return (
    <QueryClientProvider client={queryClient}>
      <ConfigProvider locale={en ? enUS : zhCN} theme={{ token: { colorPrimary: '#1f4e8c', borderRadius: 6 } }} button={{ autoInsertSpace: false }}>
        <AntApp>
          <BrowserRouter>
            <AuthProvider>
              <Router />
            </AuthProvider>
          </BrowserRouter>
        </AntApp>
      </ConfigProvider>
    </QueryClientProvider>
  );
}
