/** API tokens for integrations (CTI, SMS gateway, IVR): create with scopes (the secret is shown once), list, revoke. */
import { useState } from 'react';
import { Alert, App, Button, Card, Form, Input, InputNumber, Modal, Popconfirm, Select, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../api/client';
import { call, http, type Reply } from '../../api/http';
import { LoadError } from '../../components/Problems';
import { applyFormErrors } from '../../components/formErrors';
import { fmtTime } from '../../components/time';
import { useOrgName } from '../../components/useOrgName';
import OrgSelect from '../../components/OrgSelect';

type Token = Reply<'/api/tokens', 'get'>[number];
// the scopes the server lets a token carry (TOKEN_SCOPES in src/modules/identity/permissions.ts)
const SCOPES = ['cti.lookup', 'workorders.create', 'workorders.read', 'customers.read', 'crews.position', 'workorders.callback'];

export default function TokensPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const orgName = useOrgName();
  const q = useQuery({ queryKey: ['tokens'], queryFn: ({ signal }) => call(http.GET('/api/tokens', { signal }), signal) });
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  async function revoke(id: number) {
    try {
      await call(http.DELETE('/api/tokens/{id}', { params: { path: { id } } }));
      void q.refetch();
    } catch (e) {
      message.error(errorText(e));
    }
  }
  return (
    <Card>
      <div className="gd-page-title">
        <Typography.Title level={3}>{t('tokens.title')}</Typography.Title>
        <div style={{ flex: 1 }} />
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          {t('tokens.new')}
        </Button>
      </div>
      {secret && (
        <Alert
          type="warning"
          showIcon
          closable={{ onClose: () => setSecret(null) }}
          style={{ marginBottom: 12 }}
          title={t('tokens.showOnce')}
          description={
            <Typography.Text copyable code>
              {secret}
            </Typography.Text>
          }
        />
      )}
      {q.error ? (
        <LoadError error={q.error} onRetry={() => q.refetch()} />
      ) : (
        <Table<Token>
          rowKey="id"
          size="middle"
          loading={q.isLoading}
          dataSource={q.data ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
          columns={[
            { title: t('common.name'), dataIndex: 'name' },
            {
              title: t('tokens.scopes'),
              dataIndex: 'scopes',
              render: (s: string[]) =>
                s.map((x) => (
                  <Tag key={x} className="gd-mono">
                    {x}
                  </Tag>
                )),
            },
            { title: t('user.org'), dataIndex: 'orgUnitId', render: (v) => orgName(v) },
            { title: t('tokens.created'), dataIndex: 'createdAt', render: fmtTime },
            { title: t('tokens.expires'), dataIndex: 'expiresAt', render: fmtTime },
            { title: t('tokens.lastUsed'), dataIndex: 'lastUsedAt', render: fmtTime },
            {
              title: t('wo.status'),
              key: 's',
              render: (_, r) => (r.revokedAt ? <Tag>{t('tokens.revoked')}</Tag> : <Tag color="green">{t('user.active')}</Tag>),
            },
            {
              title: '',
              key: 'a',
              render: (_, r) =>
                !r.revokedAt && (
                  <Popconfirm title={t('tokens.revokeConfirm')} onConfirm={() => revoke(r.id)}>
                    <Button size="small" danger>
                      {t('tokens.revoke')}
                    </Button>
                  </Popconfirm>
                ),
            },
          ]}
        />
      )}
      {creating && (
        <NewToken
          onClose={() => setCreating(false)}
          onCreated={(s) => {
            setCreating(false);
            setSecret(s);
            void q.refetch();
          }}
        />
      )}
    </Card>
  );
}

function NewToken({ onClose, onCreated }: { onClose: () => void; onCreated: (secret: string) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  async function save() {
    const v = await form.validateFields();
    try {
      const r = await call(
        http.POST('/api/tokens', {
          body: { name: v.name, orgUnitId: v.orgUnitId, scopes: v.scopes, ...(v.expiresInDays ? { expiresInDays: v.expiresInDays } : {}) },
        }),
      );
      onCreated(r.token);
    } catch (e) {
      setError(applyFormErrors(form, e));
    }
  }
  return (
    <Modal open title={t('tokens.new')} onCancel={onClose} onOk={save} okText={t('common.save')} cancelText={t('common.cancel')} destroyOnHidden>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" initialValues={{ scopes: ['cti.lookup'], expiresInDays: 365 }}>
        <Form.Item name="name" label={t('common.name')} rules={[{ required: true, max: 64 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="orgUnitId" label={t('user.org')} rules={[{ required: true }]}>
          <OrgSelect />
        </Form.Item>
        <Form.Item name="scopes" label={t('tokens.scopes')} rules={[{ required: true }]}>
          <Select mode="multiple" options={SCOPES.map((s) => ({ value: s, label: s }))} />
        </Form.Item>
        <Form.Item name="expiresInDays" label={t('tokens.expiresInDays')}>
          <InputNumber min={1} max={3650} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
