/** Crew panel: crews with members, skills, status, shifts, last position and current outage; dispatchers edit them. */
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, App, Button, Card, DatePicker, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { crews, type Crew } from '../../api/outages';
import { errorText } from '../../api/client';
import { useAuth } from '../../app/auth';
import { LoadError } from '../../components/Problems';
import { applyFormErrors } from '../../components/formErrors';
import { label } from '../../components/labels';
import { fmtTime } from '../../components/time';
import OrgSelect from '../../components/OrgSelect';
import { AcceptanceTag, OutageStateTag } from '../outages/OutageStateTag';

const SKILLS = ['lv', 'mv', 'hv', 'meter'];

export default function CrewsPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { message } = App.useApp();
  const q = useQuery({ queryKey: ['crews'], queryFn: crews.list, refetchInterval: 30_000 });
  const [modal, setModal] = useState<{ kind: 'new' } | { kind: 'shift'; crew: Crew } | null>(null);
  const writable = can('crews.write');
  async function setStatus(c: Crew, status: Crew['status']) {
    try {
      await crews.update(c.id, { status });
      message.success(t('crew.saved'));
      void q.refetch();
    } catch (e) {
      message.error(errorText(e));
    }
  }
  return (
    <Card>
      <div className="gd-page-title">
        <Typography.Title level={3}>{t('crew.title')}</Typography.Title>
        <div style={{ flex: 1 }} />
        {writable && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setModal({ kind: 'new' })}>
            {t('crew.newCrew')}
          </Button>
        )}
      </div>
      {q.error ? (
        <LoadError error={q.error} onRetry={() => q.refetch()} />
      ) : (
        <Table<Crew>
          rowKey="id"
          size="middle"
          loading={q.isLoading}
          dataSource={q.data ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
          columns={[
            { title: t('crew.name'), dataIndex: 'name', render: (v) => <b>{v}</b> },
            { title: t('crew.org'), dataIndex: 'orgName' },
            {
              title: t('wo.status'),
              dataIndex: 'status',
              render: (v, c) =>
                writable ? (
                  <Select
                    size="small"
                    value={v}
                    onChange={(s) => setStatus(c, s)}
                    style={{ width: 110 }}
                    options={['available', 'busy', 'off_duty'].map((s) => ({ value: s, label: label('crew.statuses', s) }))}
                  />
                ) : (
                  <Tag>{label('crew.statuses', v)}</Tag>
                ),
            },
            { title: t('crew.members'), dataIndex: 'members', render: (m: Crew['members']) => m.map((x) => x.name).join('、') || '—' },
            { title: t('crew.skills'), dataIndex: 'skills', render: (s: string[]) => s.map((x) => <Tag key={x}>{label('crew.skillNames', x)}</Tag>) },
            {
              title: t('crew.job'),
              dataIndex: 'outage',
              render: (o: Crew['outage'], c: Crew) => (
                <Space orientation="vertical" size={2}>
                  {o ? (
                    <Space size={4} wrap>
                      <Link to={`/outages/${o.id}`} className="gd-mono">
                        {o.outageNo}
                      </Link>
                      <OutageStateTag status={o.status} />
                      <AcceptanceTag acceptance={o.acceptance} />
                    </Space>
                  ) : (
                    '—'
                  )}
                  {c.declined && (
                    <Typography.Text type="warning" style={{ fontSize: 12 }} data-testid="crew-declined">
                      {t('crew.declinedJob', { outage: c.declined.outageNo, reason: c.declined.reason })}
                    </Typography.Text>
                  )}
                </Space>
              ),
            },
            {
              title: t('crew.positionAt'),
              key: 'pos',
              render: (_, c) =>
                c.position ? (
                  <span>
                    <span className="gd-mono">
                      {Number(c.position.lon).toFixed(4)}, {Number(c.position.lat).toFixed(4)}
                    </span>{' '}
                    <Typography.Text type="secondary">{fmtTime(c.position.at)}</Typography.Text>
                  </span>
                ) : (
                  '—'
                ),
            },
            {
              title: t('crew.shifts'),
              dataIndex: 'shifts',
              render: (s: Crew['shifts'], c) => (
                <Space orientation="vertical" size={0}>
                  {s.slice(0, 3).map((x, i) => (
                    <span key={i} style={{ fontSize: 12 }}>
                      {fmtTime(x.start)} – {fmtTime(x.end)}
                    </span>
                  ))}
                  {writable && <a onClick={() => setModal({ kind: 'shift', crew: c })}>{t('crew.addShift')}</a>}
                </Space>
              ),
            },
            { title: t('crew.phone'), dataIndex: 'phone', className: 'gd-mono' },
          ]}
        />
      )}
      {modal?.kind === 'new' && (
        <CrewForm
          onClose={() => setModal(null)}
          onSaved={() => {
            setModal(null);
            void q.refetch();
          }}
        />
      )}
      {modal?.kind === 'shift' && (
        <ShiftForm
          crew={modal.crew}
          onClose={() => setModal(null)}
          onSaved={() => {
            setModal(null);
            void q.refetch();
          }}
        />
      )}
    </Card>
  );
}

function CrewForm({ onClose, onSaved }: { onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  async function save() {
    const v = await form.validateFields();
    try {
      await crews.create({ name: v.name, orgUnitId: v.orgUnitId, skills: v.skills ?? [], ...(v.phone ? { phone: v.phone } : {}) });
      onSaved();
    } catch (e) {
      setError(applyFormErrors(form, e));
    }
  }
  return (
    <Modal open title={t('crew.newCrew')} onCancel={onClose} onOk={save} okText={t('common.save')} cancelText={t('common.cancel')} destroyOnHidden>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" initialValues={{ skills: ['lv'] }}>
        <Form.Item name="name" label={t('crew.name')} rules={[{ required: true, max: 40 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="orgUnitId" label={t('crew.org')} rules={[{ required: true }]}>
          <OrgSelect />
        </Form.Item>
        <Form.Item name="skills" label={t('crew.skills')}>
          <Select mode="multiple" options={SKILLS.map((s) => ({ value: s, label: label('crew.skillNames', s) }))} />
        </Form.Item>
        <Form.Item name="phone" label={t('crew.phone')} rules={[{ max: 20 }]}>
          <Input inputMode="tel" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ShiftForm({ crew, onClose, onSaved }: { crew: Crew; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  async function save() {
    const v = await form.validateFields();
    try {
      await crews.shift(crew.id, v.window[0].toISOString(), v.window[1].toISOString());
      onSaved();
    } catch (e) {
      setError(applyFormErrors(form, e));
    }
  }
  return (
    <Modal
      open
      title={`${t('crew.addShift')} · ${crew.name}`}
      onCancel={onClose}
      onOk={save}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical">
        <Form.Item name="window" label={t('crew.shiftWindow')} rules={[{ required: true }]}>
          <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
