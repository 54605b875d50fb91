/**
 * Every prepaid account in scope (GET /api/prepaid/accounts, lowest balance first), filtered by state,
 * paged on the server; staff who may write enrol accounts and set thresholds from here.
 */
import { useState } from 'react';
import { App as AntApp, Button, Card, Segmented, Space, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { call, http, type Reply } from '../../api/http';
import { useAuth } from '../../app/auth';
import { LoadError } from '../../components/Problems';
import { yuan } from '../../components/money';
import EnrollAccountModal from './EnrollAccountModal';
import ThresholdModal from './ThresholdModal';

type Account = Reply<'/api/prepaid/accounts', 'get'>['items'][number];
type State = 'all' | 'low' | 'below_zero' | 'off';
const STATES: State[] = ['all', 'low', 'below_zero', 'off'];
const STATE_COLOR: Record<string, string> = { ok: 'green', low: 'orange', below_zero: 'red' };
const PAGE = 20;

export default function PrepaidAccountsCard() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const writable = can('prepaid.write');
  const [state, setState] = useState<State>('all');
  const [page, setPage] = useState(1);
  const [enrolling, setEnrolling] = useState(false);
  const [editing, setEditing] = useState<Account | null>(null);
  const q = useQuery({
    queryKey: ['prepaid-accounts', state, page],
    queryFn: () => call(http.GET('/api/prepaid/accounts', { params: { query: { state, limit: PAGE, offset: (page - 1) * PAGE } } })),
  });
  const refresh = async () => {
    await qc.invalidateQueries({ queryKey: ['prepaid-accounts'] });
    await qc.invalidateQueries({ queryKey: ['prepaid-dashboard'] });
  };

  return (
    <Card
      title={t('prepaid.allAccounts')}
      style={{ marginTop: 16 }}
      extra={
        <Space wrap>
          <Segmented<State>
            value={state}
            onChange={(s) => {
              setState(s);
              setPage(1);
            }}
            options={STATES.map((s) => ({ value: s, label: t(`prepaid.filters.${s}`) }))}
          />
          {writable && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEnrolling(true)} data-testid="prepaid-enroll">
              {t('prepaid.enroll')}
            </Button>
          )}
        </Space>
      }
    >
      {q.error ? (
        <LoadError error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <Table<Account>
          data-testid="prepaid-accounts"
          rowKey="accountId"
          size="small"
          loading={q.isLoading}
          dataSource={q.data?.items ?? []}
          pagination={{ current: page, pageSize: PAGE, total: q.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
          columns={[
            { title: t('prepaid.account'), dataIndex: 'accountNo' },
            { title: t('prepaid.meter'), dataIndex: 'meterNo' },
            { title: t('prepaid.plan'), dataIndex: 'planCode' },
            { title: t('prepaid.usageSource'), dataIndex: 'usageSource', render: (s: string) => t(`prepaid.usageSources.${s}`) },
            { title: t('prepaid.balance'), dataIndex: 'balanceFen', align: 'right' as const, render: yuan },
            { title: t('prepaid.threshold'), dataIndex: 'thresholdFen', align: 'right' as const, render: yuan },
            { title: t('prepaid.state'), dataIndex: 'state', render: (s: string) => <Tag color={STATE_COLOR[s]}>{t(`prepaid.states.${s}`)}</Tag> },
            { title: t('prepaid.supply'), dataIndex: 'supply', render: (s: string) => t(`prepaid.supplies.${s}`) },
            { title: t('prepaid.lastChargedOn'), dataIndex: 'lastChargedOn', render: (d: string | null) => d ?? '' },
            ...(writable
              ? [
                  {
                    title: '',
                    key: 'actions',
                    render: (_: unknown, a: Account) => (
                      <Button type="link" size="small" onClick={() => setEditing(a)} data-testid={`prepaid-threshold-${a.accountNo}`}>
                        {t('prepaid.editThreshold')}
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
      )}
      {enrolling && (
        <EnrollAccountModal
          onClose={() => setEnrolling(false)}
          onSaved={(a) => {
            setEnrolling(false);
            message.success(t('prepaid.enrolled', { account: a.accountNo }));
            void refresh();
          }}
        />
      )}
      {editing && (
        <ThresholdModal
          account={editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            message.success(t('prepaid.thresholdSaved'));
            void refresh();
          }}
        />
      )}
    </Card>
  );
}
