/** Disputes about the application (fee items, stage delay, 三不指定): each becomes a 95598 complaint order, listed here with its number and state. */
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { App, Button, Card, Form, Input, Select, Space, Table, Tag } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { connections, type AppDetail, type Dispute, type DisputeBody } from '../../api/connections';
import { errorText } from '../../api/client';
import { useAuth } from '../../app/auth';
import { applyFormErrors } from '../../components/formErrors';
import { label } from '../../components/labels';
import { fmtTime } from '../../components/time';

const TOPICS: DisputeBody['topic'][] = ['fee_items', 'stage_delay', 'designation'];

export function DisputesPanel({ d }: { d: AppDetail }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<DisputeBody>();
  const [busy, setBusy] = useState(false);
  const a = d.application;

  async function submit(v: DisputeBody) {
    setBusy(true);
    try {
      const r = await connections.dispute(a.id, v);
      message.success(t('conn.dispute.created', { orderNo: r.orderNo ?? r.orderId }));
      form.resetFields();
      await qc.invalidateQueries({ queryKey: ['connection', a.id] });
    } catch (e) {
      if (!applyFormErrors(form, e)) message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card size="small">
      <Space direction="vertical" style={{ width: '100%' }}>
        {can('connections.write') && (
          <Form form={form} layout="inline" onFinish={submit} initialValues={{ topic: 'fee_items', channel: 'counter' }} data-testid="conn-dispute-form">
            <Form.Item name="topic" label={t('conn.dispute.topic')} rules={[{ required: true }]}>
              <Select style={{ width: 180 }} options={TOPICS.map((x) => ({ value: x, label: label('conn.dispute.topics', x) }))} />
            </Form.Item>
            <Form.Item name="channel" label={t('conn.dispute.channel')}>
              <Select
                style={{ width: 120 }}
                options={[
                  { value: 'counter', label: t('conn.channels.counter') },
                  { value: 'phone', label: t('conn.dispute.phone') },
                ]}
              />
            </Form.Item>
            <Form.Item name="description" label={t('conn.dispute.description')} rules={[{ required: true, max: 2000 }]} style={{ minWidth: 360 }}>
              <Input.TextArea rows={2} />
            </Form.Item>
            <Form.Item>
              <Button type="primary" htmlType="submit" loading={busy} data-testid="conn-dispute-submit">
                {t('conn.dispute.submit')}
              </Button>
            </Form.Item>
          </Form>
        )}
        <Table<Dispute>
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={d.disputes}
          data-testid="conn-disputes"
          columns={[
            { title: t('conn.dispute.topic'), dataIndex: 'topic', render: (v) => label('conn.dispute.topics', v) },
            { title: t('conn.dispute.description'), dataIndex: 'description' },
            {
              title: t('conn.dispute.order'),
              dataIndex: 'orderNo',
              render: (v, x) => <Link to={`/orders/${x.orderId}`}>{v ?? x.orderId}</Link>,
            },
            { title: t('conn.dispute.orderStatus'), dataIndex: 'orderStatus', render: (v) => (v ? <Tag>{label('wo.states', v)}</Tag> : '—') },
            { title: t('conn.dispute.at'), dataIndex: 'createdAt', render: (v) => fmtTime(v) },
          ]}
        />
      </Space>
    </Card>
  );
}
