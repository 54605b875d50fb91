/**
 * Collections board (催费看板, docs/collection.md "Screens"): arrears ageing by org unit from the last
 * daily pass, the riskiest accounts with the reasons of their score, steps due today, accounts awaiting
 * their written notice, stop orders awaiting approval or execution, restore clocks, pending waivers and
 * pending bad-debt write-offs (坏账核销, approved or rejected here by a second person).
 * Actions call the collection API; the server refuses what the workflow does not allow.
 */
import { App as AntApp, Button, Card, Col, Row, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { call, http, type Reply } from '../../api/http';
import { errorText } from '../../api/client';
import { LoadError } from '../../components/Problems';
import { yuan } from '../../components/money';

type Board = Reply<'/api/collection/board', 'get'>;
type Step = Board['stopOrders'][number];
type Due = Board['dueToday'][number];
type Waiver = Board['pendingWaivers'][number];
type WriteOff = Board['pendingWriteOffs'][number];
type Risk = Board['risky'][number]['risk'];

type IdAction =
  | '/api/collection/stop-orders/{id}/approve'
  | '/api/collection/stop-orders/{id}/execute'
  | '/api/collection/stop-orders/{id}/cancel'
  | '/api/collection/restores/{id}/done'
  | '/api/collection/waivers/{id}/approve'
  | '/api/collection/waivers/{id}/reject'
  | '/api/collection/write-offs/{id}/approve'
  | '/api/collection/write-offs/{id}/reject';

const LEVEL_COLOR: Record<string, string> = { high: 'red', medium: 'orange', low: 'green' };

export function RiskTag({ risk }: { risk: Risk }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language?.startsWith('en');
  return (
    <Tooltip title={risk.reasons.map((r) => `${en ? r.en : r.zh} (+${r.points})`).join('；')}>
      <Tag color={LEVEL_COLOR[risk.level]}>
        {t(`coll.riskLevels.${risk.level}`)} {risk.score}
      </Tag>
    </Tooltip>
  );
}

export default function BoardPage() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['coll-board'], queryFn: () => call(http.GET('/api/collection/board')) });
  const refresh = () => qc.invalidateQueries({ queryKey: ['coll-board'] });
  const act = (p: Promise<unknown>) =>
    p.then(refresh).catch((e) => {
      message.error(errorText(e));
    });
  if (q.error) return <LoadError error={q.error} />;
  const b = q.data;
  const accountLink = (id: number, no?: string) => <Link to={`/collection/accounts/${id}`}>{no ?? id}</Link>;
  const stepCols = [
    { title: t('coll.accountNo'), render: (_: unknown, s: Step) => accountLink(s.accountId, s.accountNo) },
    { title: t('coll.customer'), dataIndex: 'customerName' },
    { title: '', dataIndex: 'kind', render: (k: string) => <Tag>{t(`coll.kinds.${k}`)}</Tag> },
    { title: '', dataIndex: 'status', render: (k: string, s: Step) => <Tag color={s.important ? 'volcano' : undefined}>{t(`coll.statuses.${k}`)}</Tag> },
    { title: t('coll.arrears'), dataIndex: 'arrearsFen', align: 'right' as const, render: yuan },
  ];
  // every step action takes the step's id and an optional note: the same request shape
  const post = (url: IdAction, id: number) => act(call(http.POST(url as '/api/collection/restores/{id}/done', { params: { path: { id } }, body: {} })));
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="coll-board">
      <Card
        title={t('coll.board')}
        loading={q.isLoading}
        extra={
          <Space>
            <Typography.Text type="secondary">{b?.asOf ? t('coll.asOf', { day: b.asOf }) : t('coll.noPass')}</Typography.Text>
            <Button
              data-testid="coll-run-pass"
              onClick={() =>
                call(http.POST('/api/collection/daily-pass', { body: {} }))
                  .then((r) => {
                    message.success(t('coll.passDone', { steps: r.steps.map((s) => `${s.name} ${s.rows}`).join(', ') }));
                    return refresh();
                  })
                  .catch((e) => message.error(errorText(e)))
              }
            >
              {t('coll.runPass')}
            </Button>
          </Space>
        }
      >
        <Typography.Title level={5}>{t('coll.ageing')}</Typography.Title>
        <Table
          data-testid="coll-ageing"
          size="small"
          rowKey="orgUnitId"
          pagination={false}
          dataSource={b?.units ?? []}
          columns={[
            { title: t('coll.unit'), dataIndex: 'name' },
            ...(b?.bucketLabels ?? []).map((label, i) => ({
              title: label,
              align: 'right' as const,
              render: (_: unknown, u: Board['units'][number]) => {
                const x = u.buckets.find((k) => k.bucket === i);
                return x ? (
                  <span>
                    {yuan(x.principalFen)}
                    <br />
                    <Typography.Text type="secondary">{t('coll.accounts', { count: x.accounts })}</Typography.Text>
                  </span>
                ) : (
                  '—'
                );
              },
            })),
          ]}
        />
      </Card>
      <Row gutter={16}>
        <Col xs={24} xl={12}>
          <Card title={t('coll.risky')} size="small">
            <Table
              data-testid="coll-risky"
              size="small"
              rowKey="accountId"
              pagination={false}
              dataSource={b?.risky ?? []}
              columns={[
                { title: t('coll.accountNo'), render: (_: unknown, r: Board['risky'][number]) => accountLink(r.accountId, r.accountNo) },
                { title: t('coll.customer'), dataIndex: 'customerName' },
                { title: t('coll.arrears'), dataIndex: 'arrearsFen', align: 'right' as const, render: yuan },
                { title: t('coll.overdueDays'), dataIndex: 'maxOverdueDays', align: 'right' as const },
                { title: t('coll.risk'), render: (_: unknown, r: Board['risky'][number]) => <RiskTag risk={r.risk} /> },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={t('coll.dueToday')} size="small">
            <Table<Due>
              data-testid="coll-due"
              size="small"
              rowKey="accountId"
              pagination={{ pageSize: 8 }}
              dataSource={b?.dueToday ?? []}
              columns={[
                { title: t('coll.accountNo'), render: (_: unknown, r: Due) => accountLink(r.accountId, r.accountNo) },
                { title: t('coll.customer'), dataIndex: 'customerName' },
                { title: t('coll.arrears'), dataIndex: 'arrearsFen', align: 'right' as const, render: yuan },
                { title: t('coll.overdueDays'), dataIndex: 'maxOverdueDays', align: 'right' as const },
                {
                  title: '',
                  render: (_: unknown, r: Due) => (
                    <Button
                      size="small"
                      onClick={() =>
                        act(
                          call(
                            http.POST('/api/collection/accounts/{accountId}/reminders', {
                              params: { path: { accountId: r.accountId } },
                              body: { method: 'sms' },
                            }),
                          ),
                        )
                      }
                    >
                      {t('coll.remindSms')}
                    </Button>
                  ),
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={t('coll.awaitingNotice')} size="small">
            <Table
              data-testid="coll-awaiting-notice"
              size="small"
              rowKey="accountId"
              pagination={{ pageSize: 8 }}
              dataSource={b?.awaitingNotice ?? []}
              columns={[
                { title: t('coll.accountNo'), render: (_: unknown, r: Board['awaitingNotice'][number]) => accountLink(r.accountId, r.accountNo) },
                { title: t('coll.customer'), dataIndex: 'customerName' },
                { title: t('coll.arrears'), dataIndex: 'arrearsFen', align: 'right' as const, render: yuan },
                { title: t('coll.overdueDays'), dataIndex: 'maxOverdueDays', align: 'right' as const },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={t('coll.stopOrders')} size="small">
            <Table<Step>
              data-testid="coll-stop-orders"
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={b?.stopOrders ?? []}
              columns={[
                ...stepCols,
                {
                  title: '',
                  render: (_: unknown, s: Step) => (
                    <Space>
                      {s.status === 'awaiting_approval' && (
                        <Button size="small" type="primary" onClick={() => post('/api/collection/stop-orders/{id}/approve', s.id)}>
                          {t('coll.approve')}
                        </Button>
                      )}
                      {s.status === 'approved' && (
                        <Button size="small" danger onClick={() => post('/api/collection/stop-orders/{id}/execute', s.id)}>
                          {t('coll.execute')}
                        </Button>
                      )}
                      <Button size="small" onClick={() => post('/api/collection/stop-orders/{id}/cancel', s.id)}>
                        {t('coll.cancel')}
                      </Button>
                    </Space>
                  ),
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={t('coll.restores')} size="small">
            <Table<Step>
              data-testid="coll-restores"
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={b?.restores ?? []}
              columns={[
                ...stepCols.slice(0, 2),
                {
                  title: '',
                  render: (_: unknown, s: Step) => (
                    <Tag color={s.clockState === 'breached' ? 'red' : 'blue'}>
                      {t(`coll.clockStates.${s.clockState ?? 'running'}`)} · {t('coll.dueAt', { at: (s.clockDueAt ?? '').slice(0, 16).replace('T', ' ') })}
                    </Tag>
                  ),
                },
                {
                  title: '',
                  render: (_: unknown, s: Step) => (
                    <Button size="small" onClick={() => post('/api/collection/restores/{id}/done', s.id)}>
                      {t('coll.restored')}
                    </Button>
                  ),
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={t('coll.pendingWaivers')} size="small">
            <Table<Waiver>
              data-testid="coll-waivers"
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={b?.pendingWaivers ?? []}
              columns={[
                { title: t('coll.accountNo'), render: (_: unknown, w: Waiver) => accountLink(w.accountId) },
                { title: t('coll.waived'), dataIndex: 'amountFen', align: 'right' as const, render: yuan },
                { title: t('coll.reason'), dataIndex: 'reason' },
                {
                  title: '',
                  render: (_: unknown, w: Waiver) => (
                    <Space>
                      <Button size="small" type="primary" onClick={() => post('/api/collection/waivers/{id}/approve', w.id)}>
                        {t('coll.approve')}
                      </Button>
                      <Button size="small" danger onClick={() => post('/api/collection/waivers/{id}/reject', w.id)}>
                        {t('coll.reject')}
                      </Button>
                    </Space>
                  ),
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={t('coll.pendingWriteOffs')} size="small">
            <Table<WriteOff>
              data-testid="coll-write-offs"
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={b?.pendingWriteOffs ?? []}
              columns={[
                { title: t('coll.accountNo'), render: (_: unknown, w: WriteOff) => accountLink(w.accountId, w.accountNo) },
                { title: t('coll.customer'), dataIndex: 'customerName' },
                { title: t('coll.principalOwed'), dataIndex: 'principalFen', align: 'right' as const, render: yuan },
                { title: t('coll.lateFee'), dataIndex: 'lateFeeFen', align: 'right' as const, render: yuan },
                { title: t('coll.cycle'), render: (_: unknown, w: WriteOff) => w.bills.map((x) => x.cycle).join('、') },
                { title: t('coll.reason'), dataIndex: 'reason' },
                {
                  title: '',
                  render: (_: unknown, w: WriteOff) => (
                    <Space>
                      <Button
                        size="small"
                        type="primary"
                        data-testid={`coll-write-off-approve-${w.id}`}
                        onClick={() => post('/api/collection/write-offs/{id}/approve', w.id)}
                      >
                        {t('coll.approve')}
                      </Button>
                      <Button size="small" danger onClick={() => post('/api/collection/write-offs/{id}/reject', w.id)}>
                        {t('coll.reject')}
                      </Button>
                    </Space>
                  ),
                },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
