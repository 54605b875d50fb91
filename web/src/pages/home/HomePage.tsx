/** Landing page: who I am and the screens my role may open. */
import { Card, Col, Empty, Row, Typography } from 'antd';
import { Link, Navigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../app/auth';
import { allowed, SCREENS } from '../../app/nav';
import { pick } from '../../i18n';

export default function HomePage() {
  const { me } = useAuth();
  const { t, i18n } = useTranslation();
  if (!me) return null;
  // customers land on their portal, crew members on their phone page
  const landing = SCREENS.find((s) => s.key === (me.role === 'customer' ? 'portalHome' : me.role === 'crew' ? 'crewMobile' : ''));
  if (landing && allowed(landing, me.permissions)) return <Navigate to={landing.path} replace />;
  const shortcuts = SCREENS.filter((s) => !s.hidden && s.key !== 'home' && allowed(s, me.permissions));
  return (
    <div>
      <Typography.Title level={3}>{t('home.hello', { name: me.name })}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('home.roleAt', { role: pick(me.roleName, i18n.language), org: me.orgUnitName ?? '' })}</Typography.Paragraph>
      <Typography.Title level={5}>{t('home.shortcuts')}</Typography.Title>
      {shortcuts.length === 0 && <Empty description={t('home.noShortcuts')} />}
      <Row gutter={[12, 12]}>
        {shortcuts.map((s) => (
          <Col key={s.key} xs={12} sm={8} md={6} xl={4}>
            <Link to={s.path}>
              <Card hoverable size="small" style={{ textAlign: 'center' }}>
                <div style={{ fontSize: 26, color: '#1f4e8c' }}>{s.icon}</div>
                <div style={{ marginTop: 6 }}>{t(s.title)}</div>
              </Card>
            </Link>
          </Col>
        ))}
      </Row>
    </div>
  );
}
