/** Portal: the customer's disputes about their own application — raise one (becomes a 95598 order) and follow each order's state. */
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, App, Button, Card, Form, Input, Modal, Select, Table, Tag } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { connections, type AppDetail, type Dispute, type PortalDisputeBody } from '../../api/connections';
import { ApiError, errorText } from '../../api/client';
import { applyFormErrors, fieldName } from '../../components/formErrors';
import { newKey } from '../../components/ids';
import { label } from '../../components/labels';
import { fmtTime } from '../../components/time';

const TOPICS: PortalDisputeBody['topic'][] = ['fee_items', 'stage_delay', 'designation'];

export function PortalDisputes({ d }: { d: AppDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<PortalDisputeBody>();
  // one key per opening of the form: a double click or a retry gives the same order
  const [key, setKey] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // a refusal that names no field of the form (one dispute still open, the application closed) is shown in the dialog
  const [refusal, setRefusal] = useState<string | null>(null);
  const a = d.application;

  async function submit(v: PortalDisputeBody) {
    if (!key) return;
    setBusy(true);
    setRefusal(null);
    try {
      const r = await connections.portalDispute(a.id, v, key);
      message.success(t('conn.dispute.created', { orderNo: r.orderNo ?? r.orderId }));
      form.resetFields();
      setKey(null);
      await qc.invalidateQueries({ queryKey: ['portal', 'connection', a.id] });
    } catch (e) {
      const text = applyFormErrors(form, e) || errorText(e);
      const onForm = e instanceof ApiError && (e.body.details ?? []).some((x) => ['topic', 'description'].includes(fieldName(x.field).split('.')[0]));
      if (!onForm) setRefusal(text);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card
      size="small"
      title={t('conn.dispute.portalTitle')}
      extra={
        a.status === 'open' && (
          <Button
            onClick={() => {
              setRefusal(null);
              setKey(newKey());
            }}
            data-testid="portal-dispute-open"
          >
            {t('conn.dispute.portalRaise')}
          </Button>
        )
      }
    >
      <Table<Dispute>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={d.disputes}
        data-testid="portal-disputes"
        locale={{ emptyText: t('conn.dispute.none') }}
        columns={[
          { title: t('conn.dispute.topic'), dataIndex: 'topic', render: (v) => label('conn.dispute.topics', v) },
          { title: t('conn.dispute.portalDescription'), dataIndex: 'description' },
          { title: t('conn.dispute.order'), dataIndex: 'orderNo', render: (v, x) => <Link to={`/portal/orders/${x.orderId}`}>{v ?? x.orderId}</Link> },
          { title: t('conn.dispute.orderStatus'), dataIndex: 'orderStatus', render: (v) => (v ? <Tag>{label('wo.states', v)}</Tag> : '—') },
          { title: t('conn.dispute.at'), dataIndex: 'createdAt', render: (v) => fmtTime(v) },
        ]}
      />
      <Modal
        open={key !== null}
        title={t('conn.dispute.portalRaise')}
        okText={t('conn.dispute.portalSubmit')}
        confirmLoading={busy}
        onOk={() => form.submit()}
        onCancel={() => setKey(null)}
        destroyOnHidden
      >
        <p>{t('conn.dispute.portalHint')}</p>
        {refusal && <Alert type="error" showIcon title={refusal} style={{ marginBottom: 12 }} data-testid="portal-dispute-error" />}
        <Form form={form} layout="vertical" onFinish={submit} initialValues={{ topic: 'stage_delay' }} data-testid="portal-dispute-form">
          <Form.Item name="topic" label={t('conn.dispute.topic')} rules={[{ required: true }]}>
            <Select options={TOPICS.map((x) => ({ value: x, label: label('conn.dispute.topics', x) }))} />
          </Form.Item>
          <Form.Item name="description" label={t('conn.dispute.portalDescription')} rules={[{ required: true, whitespace: true, max: 2000 }]}>
            <Input.TextArea rows={4} maxLength={2000} showCount />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
