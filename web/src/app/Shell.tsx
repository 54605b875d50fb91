/** The console frame: header (language, user menu), role-aware side menu (a drawer on phones), content. */
import { Suspense, useMemo, useState } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { Button, Drawer, Dropdown, Grid, Layout, Menu, Spin, Typography, type MenuProps } from 'antd';
import { LogoutOutlined, LockOutlined, MenuOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useAuth } from './auth';
import { allowed, GROUPS, SCREENS } from './nav';
import { pick } from '../i18n';
import LangSwitch from '../components/LangSwitch';
import Logo from '../components/Logo';

const { Header, Sider, Content } = Layout;

function useMenuItems(): MenuProps['items'] {
  const { me } = useAuth();
  const { t } = useTranslation();
  return useMemo(() => {
    const perms = me?.permissions ?? [];
    const visible = SCREENS.filter((s) => !s.hidden && allowed(s, perms));
    const items: NonNullable<MenuProps['items']> = [];
    for (const s of visible.filter((s) => !s.group)) items.push({ key: s.path, icon: s.icon, label: <Link to={s.path}>{t(s.title)}</Link> });
    for (const g of GROUPS) {
      const children = visible.filter((s) => s.group === g.key).map((s) => ({ key: s.path, icon: s.icon, label: <Link to={s.path}>{t(s.title)}</Link> }));
      if (children.length) items.push({ key: `g:${g.key}`, icon: g.icon, label: t(g.title), children });
    }
    return items;
  }, [me, t]);
}

/** The menu key that best matches the current path (longest screen path prefix). */
function selectedKey(pathname: string): string {
  let best = '/';
  for (const s of SCREENS) {
    if (s.hidden) continue;
    if ((pathname === s.path || pathname.startsWith(`${s.path}/`)) && s.path.length > best.length) best = s.path;
  }
  return best;
}

export default function Shell() {
  const { me, logout } = useAuth();
  const { t, i18n } = useTranslation();
  const screens = Grid.useBreakpoint();
  const mobile = !screens.lg;
  const [drawer, setDrawer] = useState(false);
  const loc = useLocation();
  const nav = useNavigate();
  const items = useMenuItems();
  const key = selectedKey(loc.pathname);
  const openGroups = GROUPS.map((g) => `g:${g.key}`);

  const menu = <Menu mode="inline" theme="dark" selectedKeys={[key]} defaultOpenKeys={openGroups} items={items} onClick={() => setDrawer(false)} />;

  const userMenu: MenuProps['items'] = [
    {
      key: 'who',
      disabled: true,
      label: (
        <span>
          {me?.name} · {pick(me?.roleName, i18n.language)}
          <br />
          <small>{me?.orgUnitName}</small>
        </span>
      ),
    },
    { type: 'divider' },
    { key: 'password', icon: <LockOutlined />, label: t('auth.changePassword'), onClick: () => nav('/account/password') },
    {
      key: 'logout',
      icon: <LogoutOutlined />,
      label: t('auth.logout'),
      onClick: async () => {
        await logout();
        nav('/login');
      },
    },
  ];

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {!mobile && (
        <Sider width={220} theme="dark" style={{ position: 'sticky', top: 0, height: '100vh', overflow: 'auto' }}>
          <Logo dark />
          {menu}
        </Sider>
      )}
      {mobile && (
        <Drawer
          placement="left"
          open={drawer}
          onClose={() => setDrawer(false)}
          size={260}
          styles={{ body: { padding: 0, background: '#001529' }, header: { display: 'none' } }}
        >
          <Logo dark />
          {menu}
        </Drawer>
      )}
      <Layout>
        <Header
          style={{
            background: '#fff',
            padding: mobile ? '0 8px' : '0 20px',
            display: 'flex',
            alignItems: 'center',
            gap: 8,
            borderBottom: '1px solid #f0f0f0',
            position: 'sticky',
            top: 0,
            zIndex: 10,
          }}
        >
          {mobile && <Button type="text" icon={<MenuOutlined />} aria-label={t('nav.menu')} onClick={() => setDrawer(true)} />}
          {mobile && <Typography.Text strong>{t('app.short')}</Typography.Text>}
          <div style={{ flex: 1 }} />
          <LangSwitch />
          <Dropdown menu={{ items: userMenu }} trigger={['click']}>
            <Button type="text" icon={<UserOutlined />} data-testid="user-menu">
              {mobile ? null : me?.name}
            </Button>
          </Dropdown>
        </Header>
        <Content style={{ padding: mobile ? 8 : 20, minWidth: 0 }}>
          <Suspense
            fallback={
              <div style={{ padding: 48, textAlign: 'center' }}>
                <Spin />
              </div>
            }
          >
            <Outlet />
          </Suspense>
        </Content>
      </Layout>
    </Layout>
  );
}
