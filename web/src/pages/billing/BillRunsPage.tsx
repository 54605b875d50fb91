/**
 * Billing workbench (核算工作台): bill runs with live progress (polled while a run is running), the
 * accounts a run could not bill, review and release, the reading exceptions queue, and file import.
 */
import { useState } from 'react';
import { App as AntApp, Button, Card, Form, Input, Progress, Space, Table, Tabs, Tag, Typography, Upload } from 'antd';
import { FileExcelOutlined, FilePdfOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import dayjs from 'dayjs';
import { call, http, type Reply } from '../../api/http';
import { yuan } from '../../api/billing';
import { errorText } from '../../api/client';
import { LoadError } from '../../components/Problems';

type Run = Reply<'/api/billing/runs', 'get'>[number];
type RunExc = Reply<'/api/billing/runs/{id}/exceptions', 'get'>[number];
type RunSkip = Reply<'/api/billing/runs/{id}/skips', 'get'>[number];
type ReadingExc = Reply<'/api/billing/reading-exceptions', 'get'>[number];

const STATUS_COLOR: Record<string, string> = { running: 'processing', review: 'warning', released: 'success', cancelled: 'default' };

function RunDetail({ run }: { run: Run }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  const qc = useQueryClient();
  const { message } = AntApp.useApp();
  const exc = useQuery({
    queryKey: ['run-exc', run.id, run.accountsDone],
    queryFn: () => call(http.GET('/api/billing/runs/{id}/exceptions', { params: { path: { id: run.id } } })),
  });
  const skips = useQuery({
    queryKey: ['run-skips', run.id, run.accountsDone],
    queryFn: () => call(http.GET('/api/billing/runs/{id}/skips', { params: { path: { id: run.id } } })),
    enabled: run.skippedPrepaid > 0,
  });
  const act = useMutation({
    mutationFn: (what: 'review' | 'release' | 'retry') =>
      what === 'review'
        ? call(http.POST('/api/billing/runs/{id}/review', { params: { path: { id: run.id } } }))
        : what === 'release'
          ? call(http.POST('/api/billing/runs/{id}/release', { params: { path: { id: run.id } } }))
          : call(http.POST('/api/billing/runs/{id}/retry', { params: { path: { id: run.id } } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['runs'] }),
    onError: (e) => message.error(errorText(e)),
  });
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Button disabled={run.status !== 'review'} onClick={() => act.mutate('review')} loading={act.isPending}>
          {t('billrun.review')}
        </Button>
        <Button type="primary" disabled={run.status !== 'review'} onClick={() => act.mutate('release')} loading={act.isPending}>
          {t('billrun.release')}
        </Button>
        <Button disabled={!(run.status === 'review' || run.status === 'running') || run.exceptions === 0} onClick={() => act.mutate('retry')}>
          {t('billrun.retry')}
        </Button>
        <Button icon={<FilePdfOutlined />} disabled={run.billed === 0} href={`/api/billing/runs/${run.id}/print.pdf`} data-testid="run-print">
          {t('billrun.printFile')}
        </Button>
        <Button icon={<FileExcelOutlined />} disabled={run.billed === 0} href={`/api/billing/runs/${run.id}/bills.xlsx`} data-testid="run-excel">
          {t('billrun.exportExcel')}
        </Button>
        {run.chunksFailed > 0 && <Tag color="red">{t('billrun.chunksFailed', { n: run.chunksFailed })}</Tag>}
        {run.reviewerId !== null && (
          <Tag>
            {t('billrun.reviewer')} #{run.reviewerId}
          </Tag>
        )}
      </Space>
      <Typography.Title level={5}>{t('billrun.runExceptions')}</Typography.Title>
      {exc.error ? (
        <LoadError error={exc.error} />
      ) : (
        <Table<RunExc>
          data-testid="run-exceptions"
          rowKey="accountId"
          size="small"
          loading={exc.isLoading}
          dataSource={exc.data ?? []}
          pagination={{ pageSize: 10 }}
          columns={[
            { title: t('billrun.account'), dataIndex: 'accountId', render: (id: number) => <Link to={`/billing/accounts/${id}`}>{id}</Link> },
            { title: t('billrun.code'), dataIndex: 'code', render: (c: string) => <Tag color="orange">{t(`billrun.codes.${c}`, { defaultValue: c })}</Tag> },
            { title: t('billrun.message'), render: (_: unknown, x: RunExc) => (en ? x.messageEn : x.messageZh) },
            { title: t('billrun.resolved'), dataIndex: 'resolved', render: (r: boolean) => (r ? t('common.yes') : '') },
          ]}
        />
      )}
      {run.skippedPrepaid > 0 && (
        <>
          <Typography.Title level={5}>{t('billrun.runSkips')}</Typography.Title>
          {skips.error ? (
            <LoadError error={skips.error} />
          ) : (
            <Table<RunSkip>
              data-testid="run-skips"
              rowKey="accountId"
              size="small"
              loading={skips.isLoading}
              dataSource={skips.data ?? []}
              pagination={{ pageSize: 10 }}
              columns={[
                { title: t('billrun.account'), dataIndex: 'accountId', render: (id: number) => <Link to={`/billing/accounts/${id}`}>{id}</Link> },
                { title: t('billrun.code'), dataIndex: 'code', render: (c: string) => <Tag>{t(`billrun.codes.${c}`, { defaultValue: c })}</Tag> },
                { title: t('billrun.message'), render: (_: unknown, x: RunSkip) => (en ? x.messageEn : x.messageZh) },
              ]}
            />
          )}
        </>
      )}
    </Space>
  );
}

function Runs() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { message } = AntApp.useApp();
  const [selected, setSelected] = useState<number | null>(null);
  const runs = useQuery({
    queryKey: ['runs'],
    queryFn: () => call(http.GET('/api/billing/runs', { params: { query: {} } })),
    refetchInterval: (q) => ((q.state.data ?? []).some((r) => r.status === 'running') ? 1500 : false),
  });
  const start = useMutation({
    mutationFn: (v: { cycle: string; orgCode: string }) => call(http.POST('/api/billing/runs', { body: v })),
    onSuccess: (r) => {
      setSelected(r.id);
      void qc.invalidateQueries({ queryKey: ['runs'] });
    },
    onError: (e) => message.error(errorText(e)),
  });
  // split settlement (分次结算): the interim bills due today for the agreements in scope (idempotent)
  const dueInterims = useMutation({
    mutationFn: () => call(http.POST('/api/billing/interim-bills/issue-due', { body: {} })),
    onSuccess: (r) =>
      (r.refused.length ? message.warning : message.success)(
        t('billrun.split.dueResult', { issued: r.issued.length, refused: r.refused.length, cycle: r.cycle }),
      ),
    onError: (e) => message.error(errorText(e)),
  });
  const current = (runs.data ?? []).find((r) => r.id === selected);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card size="small" title={t('billrun.newRun')}>
        <Form
          layout="inline"
          onFinish={(v: { cycle: string; orgCode: string }) => start.mutate(v)}
          initialValues={{ cycle: dayjs().subtract(1, 'month').format('YYYY-MM'), orgCode: 'SF-QH' }}
        >
          <Form.Item name="cycle" label={t('billrun.cycle')} rules={[{ required: true, pattern: /^\d{4}-(0[1-9]|1[0-2])$/ }]}>
            <Input style={{ width: 110 }} />
          </Form.Item>
          <Form.Item name="orgCode" label={t('billrun.org')} rules={[{ required: true }]}>
            <Input style={{ width: 130 }} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={start.isPending}>
            {t('billrun.start')}
          </Button>
          <Button style={{ marginLeft: 8 }} onClick={() => dueInterims.mutate()} loading={dueInterims.isPending} data-testid="issue-due-interims">
            {t('billrun.split.issueDue')}
          </Button>
        </Form>
      </Card>
      {runs.error ? (
        <LoadError error={runs.error} />
      ) : (
        <Table<Run>
          data-testid="runs-table"
          rowKey="id"
          size="small"
          loading={runs.isLoading}
          dataSource={runs.data ?? []}
          pagination={false}
          onRow={(r) => ({ onClick: () => setSelected(r.id), style: { cursor: 'pointer', background: r.id === selected ? '#e6f4ff' : undefined } })}
          columns={[
            { title: '#', dataIndex: 'id' },
            { title: t('billrun.cycle'), dataIndex: 'cycle' },
            { title: t('billrun.status'), dataIndex: 'status', render: (s: string) => <Tag color={STATUS_COLOR[s]}>{t(`billrun.statuses.${s}`)}</Tag> },
            {
              title: t('billrun.progress'),
              width: 220,
              render: (_: unknown, r: Run) => (
                <Progress
                  percent={r.accountsTotal ? Math.floor((r.accountsDone / r.accountsTotal) * 100) : 100}
                  size="small"
                  status={r.status === 'running' ? 'active' : undefined}
                  format={() => `${r.accountsDone}/${r.accountsTotal}`}
                />
              ),
            },
            { title: t('billrun.billed'), dataIndex: 'billed' },
            { title: t('billrun.exceptions'), dataIndex: 'exceptions', render: (n: number) => (n ? <Tag color="orange">{n}</Tag> : 0) },
            { title: t('billrun.skippedPrepaid'), dataIndex: 'skippedPrepaid', render: (n: number) => (n ? <Tag>{n}</Tag> : 0) },
            { title: t('billrun.total'), dataIndex: 'totalFen', render: (f: number) => yuan(f) },
            { title: t('billrun.rate'), dataIndex: 'accountsPerS', render: (n: number) => t('billrun.perS', { n }) },
          ]}
        />
      )}
      {current && (
        <Card size="small" title={`${t('billrun.runs')} #${current.id} · ${current.cycle}`}>
          <RunDetail run={current} />
        </Card>
      )}
    </Space>
  );
}

function ReadingExceptions() {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  const qc = useQueryClient();
  const { message, modal } = AntApp.useApp();
  const list = useQuery({
    queryKey: ['reading-exc'],
    queryFn: () => call(http.GET('/api/billing/reading-exceptions', { params: { query: { status: 'open' } } })),
  });
  const done = () => qc.invalidateQueries({ queryKey: ['reading-exc'] });
  const ask = (title: string, then: (text: string) => Promise<unknown>) => {
    let text = '';
    modal.confirm({
      title,
      content: <Input.TextArea rows={3} onChange={(e) => (text = e.target.value)} />,
      onOk: () =>
        then(text)
          .then(done)
          .catch((e) => {
            message.error(errorText(e));
          }),
    });
  };
  const [uploadId, setUploadId] = useState<string | null>(null);
  const progress = useQuery({
    queryKey: ['import-progress', uploadId],
    enabled: uploadId !== null,
    refetchInterval: 500,
    queryFn: () => call(http.GET('/api/billing/readings/import-progress/{uploadId}', { params: { path: { uploadId: uploadId! } } })),
  });
  const upload = useMutation({
    mutationFn: async (file: File) => {
      const id = `u${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
      setUploadId(id);
      try {
        return await call(http.POST('/api/billing/readings/import', { body: { fileName: file.name, text: await file.text(), uploadId: id } }));
      } finally {
        setUploadId(null);
      }
    },
    onSuccess: (r) => {
      message.success(t('billrun.imported', { id: r.importId, readings: r.readings, repeated: r.repeated, exceptions: r.exceptions }));
      void done();
    },
    onError: (e) => message.error(errorText(e)),
  });
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Upload
          accept=".csv,.txt"
          showUploadList={false}
          beforeUpload={(f) => {
            upload.mutate(f);
            return false;
          }}
        >
          <Button icon={<UploadOutlined />} loading={upload.isPending}>
            {t('billrun.import')}
          </Button>
        </Upload>
        {upload.isPending && progress.data && progress.data.total > 0 && (
          <Progress
            style={{ width: 200 }}
            size="small"
            percent={Math.floor((progress.data.done / progress.data.total) * 100)}
            format={() => `${progress.data!.done}/${progress.data!.total}`}
          />
        )}
        <Typography.Text type="secondary">{t('billrun.importHint')}</Typography.Text>
      </Space>
      {list.error ? (
        <LoadError error={list.error} />
      ) : (
        <Table<ReadingExc>
          data-testid="reading-exceptions"
          rowKey="id"
          size="small"
          loading={list.isLoading}
          dataSource={list.data ?? []}
          pagination={{ pageSize: 20 }}
          columns={[
            { title: t('billrun.account'), dataIndex: 'accountId', render: (id: number) => <Link to={`/billing/accounts/${id}`}>{id}</Link> },
            { title: t('billrun.cycle'), dataIndex: 'cycle' },
            { title: t('billrun.readAt'), dataIndex: 'readAt' },
            {
              title: t('billrun.code'),
              dataIndex: 'code',
              render: (c: string, x: ReadingExc) => <Tag color={x.severity === 'error' ? 'red' : 'orange'}>{t(`billrun.codes.${c}`, { defaultValue: c })}</Tag>,
            },
            { title: t('billrun.message'), render: (_: unknown, x: ReadingExc) => (en ? x.messageEn : x.messageZh) },
            { title: t('billrun.status'), dataIndex: 'status', render: (s: string) => t(`billrun.excStatuses.${s}`) },
            {
              title: t('common.actions'),
              render: (_: unknown, x: ReadingExc) => (
                <Space>
                  <Button
                    size="small"
                    onClick={() =>
                      ask(t('billrun.accept'), (note) =>
                        call(
                          http.POST('/api/billing/reading-exceptions/{id}/accept', {
                            params: { path: { id: x.id } },
                            body: { note: note || t('billrun.accept') },
                          }),
                        ),
                      )
                    }
                  >
                    {t('billrun.accept')}
                  </Button>
                  <Button
                    size="small"
                    onClick={() =>
                      ask(t('billrun.dispute'), (d) =>
                        call(
                          http.POST('/api/billing/reading-exceptions/{id}/dispute', {
                            params: { path: { id: x.id } },
                            body: { description: d || t('billrun.dispute') },
                          }),
                        ),
                      )
                    }
                  >
                    {t('billrun.dispute')}
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      )}
    </Space>
  );
}

export default function BillRunsPage() {
  const { t } = useTranslation();
  return (
    <Card title={t('billrun.workbench')}>
      <Tabs
        items={[
          { key: 'runs', label: t('billrun.runs'), children: <Runs /> },
          { key: 'exceptions', label: t('billrun.readingExceptions'), children: <ReadingExceptions /> },
        ]}
      />
    </Card>
  );
}
