/** User administration: filter by org / role / text, create and edit users, enable/disable, unlock. */
import { useState } from 'react';
import { App, Button, Card, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useQuery, keepPreviousData } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../api/client';
import { call, http, type BodyOf } from '../../api/http';
import type { User } from '../../api/types';
import { useRoles } from '../../api/hooks';
import { useAuth } from '../../app/auth';
import { pick } from '../../i18n';
import { useDebounced } from '../../components/useDebounced';
import OrgSelect from '../../components/OrgSelect';
import { LoadError } from '../../components/Problems';
import UserModal from './UserModal';

const PAGE = 20;

export default function UsersPage() {
  const { t, i18n } = useTranslation();
  const { can } = useAuth();
  const { message } = App.useApp();
  const [orgUnitId, setOrg] = useState<number | undefined>();
  const [role, setRole] = useState<User['role'] | undefined>();
  const [text, setText] = useState('');
  const [page, setPage] = useState(1);
  const [modal, setModal] = useState<{ user?: User } | null>(null);
  const q = useDebounced(text.trim(), 300);
  const roles = useRoles();
  const roleName = (r: string) => pick(roles.data?.find((x) => x.role === r)?.name, i18n.language) || r;
  const list = useQuery({
    queryKey: ['users', orgUnitId, role, q, page],
    queryFn: ({ signal }) =>
      call(http.GET('/api/users', { params: { query: { orgUnitId, role, q, limit: PAGE, offset: (page - 1) * PAGE } }, signal }), signal),
    placeholderData: keepPreviousData,
  });
  const writable = can('users.write');

  async function patch(u: User, body: BodyOf<'/api/users/{id}', 'patch'>, done: string) {
    try {
      await call(http.PATCH('/api/users/{id}', { params: { path: { id: u.id } }, body }));
      message.success(done);
      void list.refetch();
    } catch (e) {
      message.error(errorText(e));
    }
  }

  return (
    <Card>
      <div className="gd-page-title">
        <Typography.Title level={3}>{t('user.title')}</Typography.Title>
        <div style={{ flex: 1 }} />
        {writable && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setModal({})} data-testid="user-new">
            {t('user.newUser')}
          </Button>
        )}
      </div>
      <Space wrap style={{ marginBottom: 12 }}>
        <OrgSelect
          value={orgUnitId}
          onChange={(v) => {
            setOrg(v);
            setPage(1);
          }}
          allowClear
          placeholder={t('user.org')}
          style={{ width: 220 }}
        />
        <Select
          allowClear
          placeholder={t('user.role')}
          value={role}
          onChange={(v) => {
            setRole(v);
            setPage(1);
          }}
          style={{ width: 180 }}
          options={(roles.data ?? []).map((r) => ({ value: r.role, label: pick(r.name, i18n.language) }))}
        />
        <Input.Search
          allowClear
          placeholder={t('user.searchPlaceholder')}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setPage(1);
          }}
          style={{ width: 220 }}
        />
      </Space>
      {list.error ? (
        <LoadError error={list.error} onRetry={() => list.refetch()} />
      ) : (
        <Table<User>
          rowKey="id"
          size="middle"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 'max-content' }}
          pagination={{
            current: page,
            pageSize: PAGE,
            total: list.data?.total ?? 0,
            onChange: setPage,
            showSizeChanger: false,
            showTotal: (n) => t('common.total', { count: n }),
          }}
          columns={[
            { title: t('user.username'), dataIndex: 'username', className: 'gd-mono' },
            { title: t('user.displayName'), dataIndex: 'displayName' },
            { title: t('user.role'), dataIndex: 'role', render: (r) => <Tag color="geekblue">{roleName(r)}</Tag> },
            { title: t('user.org'), dataIndex: 'orgUnitName', responsive: ['md'] },
            { title: t('user.phone'), dataIndex: 'phone', className: 'gd-mono', responsive: ['lg'] },
            { title: t('user.email'), dataIndex: 'email', responsive: ['xl'] },
            {
              title: t('user.status'),
              key: 'status',
              render: (_, u) => (
                <Space size={4}>
                  {u.active ? <Tag color="green">{t('user.active')}</Tag> : <Tag>{t('user.inactive')}</Tag>}
                  {u.locked && <Tag color="red">{t('user.locked')}</Tag>}
                </Space>
              ),
            },
            ...(writable
              ? [
                  {
                    title: t('common.actions'),
                    key: 'actions',
                    render: (_: unknown, u: User) => (
                      <Space size={0} wrap>
                        <Button type="link" size="small" onClick={() => setModal({ user: u })}>
                          {t('common.edit')}
                        </Button>
                        <Button type="link" size="small" onClick={() => patch(u, { active: !u.active }, t('user.updated'))}>
                          {u.active ? t('user.disable') : t('user.enable')}
                        </Button>
                        {u.locked && (
                          <Button type="link" size="small" onClick={() => patch(u, { unlock: true }, t('user.unlocked'))}>
                            {t('user.unlock')}
                          </Button>
                        )}
                      </Space>
                    ),
                  },
                ]
              : []),
          ]}
        />
      )}
      {modal && (
        <UserModal
          user={modal.user}
          onClose={() => setModal(null)}
          onSaved={() => {
            setModal(null);
            message.success(modal.user ? t('user.updated') : t('user.created'));
            void list.refetch();
          }}
        />
      )}
    </Card>
  );
}
