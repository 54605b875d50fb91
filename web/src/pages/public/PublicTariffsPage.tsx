/** Public tariff notice (电价信息公开, no login): the tariff tables in force on a day, as the company bills with them. */
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Card, Col, DatePicker, Layout, Row, Space, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { call, http } from '../../api/http';
import { LoadError } from '../../components/Problems';
import LangSwitch from '../../components/LangSwitch';
import Logo from '../../components/Logo';
import TariffContent from '../billing/TariffContent';

export default function PublicTariffsPage() {
  const { t } = useTranslation();
  const [on, setOn] = useState<Dayjs>(dayjs());
  const day = on.format('YYYY-MM-DD');
  const q = useQuery({ queryKey: ['public-tariffs', day], queryFn: () => call(http.GET('/api/public/tariffs', { params: { query: { on: day } } })) });
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ background: '#fff', display: 'flex', alignItems: 'center', padding: '0 12px', borderBottom: '1px solid #f0f0f0' }}>
        <Logo />
        <div style={{ flex: 1 }} />
        <LangSwitch />
        <Link to="/login">{t('auth.login')}</Link>
      </Layout.Header>
      <Layout.Content style={{ padding: 12, maxWidth: 1280, width: '100%', margin: '0 auto' }}>
        <Space wrap align="baseline">
          <Typography.Title level={3}>{t('billrun.publicTariffs')}</Typography.Title>
          {q.data && <Tag>{t(`bill.provinces.${q.data.province}`, { defaultValue: q.data.province })}</Tag>}
          <DatePicker value={on} onChange={(d) => d && setOn(d)} allowClear={false} />
        </Space>
        <Typography.Paragraph type="secondary">{t('billrun.publicTariffsNote')}</Typography.Paragraph>
        {q.error ? (
          <LoadError error={q.error} onRetry={() => q.refetch()} />
        ) : (
          <Row gutter={[16, 16]} data-testid="public-tariffs">
            {(q.data?.tariffs ?? []).map((v) => (
              <Col xs={24} lg={12} key={v.id}>
                <Card
                  size="small"
                  title={`${t(`bill.classes.${v.customerClass}`)} · ${t(`bill.pricings.${v.pricing}`)} · ${v.voltage}`}
                  extra={<Tag>{v.code}</Tag>}
                  loading={q.isLoading}
                >
                  <Typography.Paragraph type="secondary">
                    {t('bill.validity')}：{v.validFrom} – {v.validTo ?? t('bill.openEnded')}
                  </Typography.Paragraph>
                  <TariffContent v={v} hours />
                </Card>
              </Col>
            ))}
          </Row>
        )}
      </Layout.Content>
    </Layout>
  );
}
