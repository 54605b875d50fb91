/** Customer portal home: my accounts and service points, my requests with their status. */
import { Link } from 'react-router-dom';
import { Button, Card, Col, Descriptions, Empty, List, Row, Space, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { portal } from '../../api/workorders';
import { LoadError } from '../../components/Problems';
import { label } from '../../components/labels';
import { fmtTime } from '../../components/time';
import { StateTag, TypeTag } from '../../components/wo/tags';

export default function PortalHomePage() {
  const { t } = useTranslation();
  const me = useQuery({ queryKey: ['portal', 'me'], queryFn: portal.me });
  const orders = useQuery({ queryKey: ['portal', 'orders'], queryFn: () => portal.orders({ limit: 20, offset: 0 }) });
  if (me.error) return <LoadError error={me.error} onRetry={() => me.refetch()} />;
  const c = me.data?.customer;
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={10}>
        <Card loading={me.isLoading} title={t('portal.myAccount')}>
          {!c ? (
            <Empty description={t('portal.noCustomer')} />
          ) : (
            <>
              <Typography.Title level={4} style={{ marginTop: 0 }}>
                {c.name}
              </Typography.Title>
              <Descriptions size="small" column={1}>
                <Descriptions.Item label={t('customer.phone')}>
                  <span className="gd-mono">{c.phone}</span>
                </Descriptions.Item>
                <Descriptions.Item label={t('customer.accountNos')}>
                  <span className="gd-mono">{me.data!.accounts.map((a) => a.accountNo).join(', ')}</span>
                </Descriptions.Item>
                <Descriptions.Item label={t('customer.org')}>{c.orgUnitName}</Descriptions.Item>
              </Descriptions>
              <List
                size="small"
                header={<b>{t('customer.servicePoints')}</b>}
                dataSource={me.data!.servicePoints}
                renderItem={(s) => (
                  <List.Item>
                    <Space orientation="vertical" size={0}>
                      <span>{s.address}</span>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {label('customer.classes', s.customerClass)} · {s.meters.map((m) => m.meterNo).join(', ')}
                      </Typography.Text>
                    </Space>
                  </List.Item>
                )}
              />
            </>
          )}
        </Card>
      </Col>
      <Col xs={24} lg={14}>
        <Card
          title={t('nav.portalOrders')}
          extra={
            <Link to="/portal/new">
              <Button type="primary" icon={<PlusOutlined />} data-testid="portal-new">
                {t('nav.portalSubmit')}
              </Button>
            </Link>
          }
        >
          {orders.error ? (
            <LoadError error={orders.error} />
          ) : (
            <List
              loading={orders.isLoading}
              dataSource={orders.data?.items ?? []}
              locale={{ emptyText: t('portal.noOrders') }}
              data-testid="portal-orders"
              renderItem={(o) => (
                <List.Item extra={<Link to={`/portal/orders/${o.id}`}>{t('common.detail')}</Link>}>
                  <Space orientation="vertical" size={2}>
                    <Space size={4} wrap>
                      <Link to={`/portal/orders/${o.id}`} className="gd-mono">
                        {o.orderNo}
                      </Link>
                      <TypeTag type={o.orderType} subtype={o.subtype} />
                      <StateTag state={o.status} />
                    </Space>
                    <Typography.Text>{o.title}</Typography.Text>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {fmtTime(o.receivedAt)}
                    </Typography.Text>
                  </Space>
                </List.Item>
              )}
            />
          )}
          {orders.data?.hasMore && <Tag>{t('portal.more')}</Tag>}
        </Card>
      </Col>
    </Row>
  );
}
