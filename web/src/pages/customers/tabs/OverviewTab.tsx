import { Col, Descriptions, List, Row, Statistic, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Customer360 } from '../../../api/types';
import { label } from '../../../components/labels';

export default function OverviewTab({ data }: { data: Customer360 }) {
  const { t } = useTranslation();
  const meters = data.servicePoints.reduce((n, s) => n + s.meters.length, 0);
  const kva = data.servicePoints.reduce((n, s) => n + Number(s.contractedKva ?? 0), 0);
  return (
    <div>
      <Row gutter={[16, 16]}>
        <Col xs={12} md={6}>
          <Statistic title={t('customer.accounts')} value={data.accounts.length} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('customer.servicePoints')} value={data.servicePoints.length} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('customer.meters')} value={meters} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('customer.contractedKva')} value={kva} precision={0} />
        </Col>
      </Row>
      <Typography.Title level={5} style={{ marginTop: 24 }}>
        {t('customer.accounts')}
      </Typography.Title>
      <List
        size="small"
        bordered
        dataSource={data.accounts}
        renderItem={(a) => {
          const sps = data.servicePoints.filter((s) => s.accountId === a.id);
          return (
            <List.Item>
              <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ width: '100%' }}>
                <Descriptions.Item label={t('customer.accountNo')}>
                  <span className="gd-mono">{a.accountNo}</span>
                </Descriptions.Item>
                <Descriptions.Item label={t('customer.accountStatus')}>
                  <Tag color={a.status === 'active' ? 'green' : 'default'}>{label('customer.statuses', a.status)}</Tag>
                </Descriptions.Item>
                <Descriptions.Item label={t('customer.address')}>{sps.map((s) => s.address).join('；')}</Descriptions.Item>
              </Descriptions>
            </List.Item>
          );
        }}
      />
    </div>
  );
}
