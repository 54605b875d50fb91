/** Password login. After success goes back to where the user was headed. */
import { useState } from 'react';
import { Navigate, useLocation, useNavigate, Link } from 'react-router-dom';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { EXPIRED_KEY, useAuth } from '../../app/auth';
import { applyFormErrors } from '../../components/formErrors';
import LangSwitch from '../../components/LangSwitch';
import Logo from '../../components/Logo';

export default function LoginPage() {
  const { t } = useTranslation();
  const { me, login } = useAuth();
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const [expired] = useState(() => sessionStorage.getItem(EXPIRED_KEY) === '1');
  const [busy, setBusy] = useState(false);
  const nav = useNavigate();
  const loc = useLocation();
  const from = (loc.state as { from?: string } | null)?.from ?? '/';

  if (me) return <Navigate to={from} replace />;

  async function onFinish(v: { username: string; password: string }) {
    setBusy(true);
    setError(null);
    try {
      await login(v.username.trim(), v.password);
      sessionStorage.removeItem(EXPIRED_KEY);
      nav(from, { replace: true });
    } catch (e) {
      setError(applyFormErrors(form, e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div
      style={{
        minHeight: '100vh',
        display: 'flex',
        flexDirection: 'column',
        alignItems: 'center',
        justifyContent: 'center',
        padding: 16,
        background: 'linear-gradient(160deg, #1f4e8c 0%, #2f6fb8 45%, #f3f5f8 45%)',
      }}
    >
      <div style={{ position: 'absolute', top: 12, right: 12 }}>
        <LangSwitch />
      </div>
      <Card style={{ width: '100%', maxWidth: 380, boxShadow: '0 8px 24px rgba(0,0,0,.12)' }}>
        <Logo />
        <Typography.Paragraph type="secondary" style={{ marginTop: -4, paddingLeft: 20 }}>
          {t('auth.welcome')}
        </Typography.Paragraph>
        {expired && !error && <Alert type="warning" showIcon title={t('auth.sessionExpired')} style={{ marginBottom: 16 }} />}
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="login-error" />}
        <Form form={form} layout="vertical" onFinish={onFinish} requiredMark={false} autoComplete="on">
          <Form.Item name="username" label={t('auth.username')} rules={[{ required: true, message: t('auth.usernameRequired') }]}>
            <Input prefix={<UserOutlined />} autoFocus autoComplete="username" size="large" />
          </Form.Item>
          <Form.Item name="password" label={t('auth.password')} rules={[{ required: true, message: t('auth.passwordRequired') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="large" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={busy}>
            {t('auth.login')}
          </Button>
        </Form>
        {PUBLIC_LINK && (
          <div style={{ marginTop: 16, textAlign: 'center' }}>
            <Link to={PUBLIC_LINK}>{t('auth.publicOutages')}</Link>
            {' · '}
            <Link to="/public/tariffs">{t('billrun.publicTariffsLink')}</Link>
          </div>
        )}
      </Card>
    </div>
  );
}

/** Set when the public outage page exists. */
const PUBLIC_LINK: string | null = '/public/outages';
