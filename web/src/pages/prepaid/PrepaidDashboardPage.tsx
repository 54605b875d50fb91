/**
 * The prepaid dashboard (费控看板, docs/prepaid.md): balances, accounts below their threshold and
 * below zero, disconnect and reconnect orders with the reconnection clock (SLA engine), and the
 * head-end's command status. Every figure comes from GET /api/prepaid/dashboard; amounts are integer fen.
 * Below them, every account in scope, where staff who may write enrol accounts and set thresholds.
 */
import { Card, Col, Row, Statistic, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { call, http, type Reply } from '../../api/http';
import { LoadError } from '../../components/Problems';
import { yuan } from '../../components/money';
import { clockText } from './clock';
import PrepaidAccountsCard from './PrepaidAccountsCard';

type Dash = Reply<'/api/prepaid/dashboard', 'get'>;
type Account = Dash['low'][number];
type Command = Dash['commands'][number];

const STATE_COLOR: Record<string, string> = { ok: 'green', low: 'orange', below_zero: 'red' };
const STATUS_COLOR: Record<string, string> = { queued: 'default', sent: 'blue', executed: 'green', failed: 'red', cancelled: 'default' };
const CLOCK_COLOR: Record<string, string> = { running: 'blue', met: 'green', breached: 'red' };

export default function PrepaidDashboardPage() {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: ['prepaid-dashboard'], queryFn: () => call(http.GET('/api/prepaid/dashboard')), refetchInterval: 30_000 });
  if (q.error) return <LoadError error={q.error} onRetry={() => void q.refetch()} />;
  const d = q.data;
  return (
    <div data-testid="prepaid-dashboard">
      <Row gutter={[16, 16]}>
        <Col xs={12} md={4}>
          <Card loading={q.isLoading}>
            <Statistic title={t('prepaid.accounts')} value={d?.accounts ?? 0} />
          </Card>
        </Col>
        <Col xs={12} md={5}>
          <Card loading={q.isLoading}>
            <Statistic title={t('prepaid.totalBalance')} value={d ? yuan(d.totalBalanceFen) : ''} />
          </Card>
        </Col>
        <Col xs={8} md={3}>
          <Card loading={q.isLoading}>
            <Statistic title={t('prepaid.belowThreshold')} value={d?.belowThreshold ?? 0} valueStyle={{ color: '#d48806' }} />
          </Card>
        </Col>
        <Col xs={8} md={3}>
          <Card loading={q.isLoading}>
            <Statistic title={t('prepaid.belowZero')} value={d?.belowZero ?? 0} valueStyle={{ color: '#cf1322' }} />
          </Card>
        </Col>
        <Col xs={8} md={3}>
          <Card loading={q.isLoading}>
            <Statistic title={t('prepaid.disconnected')} value={d?.disconnected ?? 0} />
          </Card>
        </Col>
        <Col xs={24} md={6}>
          <Card loading={q.isLoading} title={t('prepaid.headEnd')} size="small">
            <Typography.Paragraph>
              {d?.headEnd.configured ? <Tag color="green">{t('prepaid.configured')}</Tag> : <Tag color="orange">{t('prepaid.notConfigured')}</Tag>}
            </Typography.Paragraph>
            <Typography.Text>
              {t('prepaid.queued')} {d?.headEnd.queued ?? 0} · {t('prepaid.sent')} {d?.headEnd.sent ?? 0} · {t('prepaid.failed')} {d?.headEnd.failed ?? 0}
            </Typography.Text>
            <br />
            <Typography.Text type="secondary">
              {t('prepaid.lastPass')}:{' '}
              {d?.lastPass
                ? t('prepaid.lastPassText', { day: d.lastPass.day, charged: d.lastPass.charged, amount: yuan(d.lastPass.chargeFen) })
                : t('prepaid.noPass')}
            </Typography.Text>
          </Card>
        </Col>
      </Row>
      <Card title={t('prepaid.orders')} style={{ marginTop: 16 }}>
        <Table<Command>
          data-testid="prepaid-orders"
          rowKey="id"
          size="small"
          loading={q.isLoading}
          dataSource={d?.commands ?? []}
          pagination={false}
          columns={[
            { title: t('prepaid.commandNo'), dataIndex: 'commandNo' },
            { title: t('prepaid.account'), dataIndex: 'accountNo' },
            { title: t('prepaid.kind'), dataIndex: 'kind', render: (k: string) => t(`prepaid.kinds.${k}`) },
            { title: t('prepaid.status'), dataIndex: 'status', render: (s: string) => <Tag color={STATUS_COLOR[s]}>{t(`prepaid.statuses.${s}`)}</Tag> },
            { title: t('prepaid.balance'), dataIndex: 'balanceFen', align: 'right' as const, render: yuan },
            { title: t('prepaid.requestedAt'), dataIndex: 'requestedAt', render: (v: string) => new Date(v).toLocaleString() },
            { title: t('prepaid.executedAt'), dataIndex: 'executedAt', render: (v: string | null) => (v ? new Date(v).toLocaleString() : '') },
            {
              title: t('prepaid.clock'),
              key: 'clock',
              render: (_: unknown, c: Command) =>
                c.clock ? (
                  <span>
                    <Tag color={CLOCK_COLOR[c.clock.state]}>{t(`prepaid.clockStates.${c.clock.state}`, { defaultValue: c.clock.state })}</Tag>
                    {c.clock.state === 'running' ? clockText(t, c.clock.remainingMs) : ''}
                  </span>
                ) : null,
            },
            { title: t('prepaid.attempts'), dataIndex: 'attempts' },
            { title: t('prepaid.lastError'), dataIndex: 'lastError' },
          ]}
        />
      </Card>
      <PrepaidAccountsCard />
      <Card title={t('prepaid.lowAccounts')} style={{ marginTop: 16 }}>
        <Table<Account>
          data-testid="prepaid-low"
          rowKey="accountId"
          size="small"
          loading={q.isLoading}
          dataSource={d?.low ?? []}
          pagination={{ pageSize: 20 }}
          columns={[
            { title: t('prepaid.account'), dataIndex: 'accountNo' },
            { title: t('prepaid.meter'), dataIndex: 'meterNo' },
            { title: t('prepaid.balance'), dataIndex: 'balanceFen', align: 'right' as const, render: yuan },
            { title: t('prepaid.threshold'), dataIndex: 'thresholdFen', align: 'right' as const, render: yuan },
            { title: t('prepaid.state'), dataIndex: 'state', render: (s: string) => <Tag color={STATE_COLOR[s]}>{t(`prepaid.states.${s}`)}</Tag> },
            { title: t('prepaid.supply'), dataIndex: 'supply', render: (s: string) => t(`prepaid.supplies.${s}`) },
          ]}
        />
      </Card>
    </div>
  );
}
