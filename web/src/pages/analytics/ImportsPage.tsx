/** Call log imports: upload a queue_log or CSV (reading progress, then the server's import), the list, and each import's problem lines. */
import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Drawer, Progress, Segmented, Space, Table, Tag, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { analytics, type ImportSummary } from '../../api/analytics';
import { errorText } from '../../api/client';
import { LoadError } from '../../components/Problems';
import { useAuth } from '../../app/auth';

const MAX_BYTES = 20 * 1024 * 1024;

function readText(file: File, onProgress: (pct: number) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onprogress = (e) => e.lengthComputable && onProgress(Math.round((e.loaded / e.total) * 100));
    r.onload = () => resolve(String(r.result));
    r.onerror = () => reject(r.error);
    r.readAsText(file, 'utf-8');
  });
}

export default function ImportsPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const canUpload = useAuth().can('analytics.admin');
  const [format, setFormat] = useState<'queue_log' | 'csv'>('queue_log');
  const [stage, setStage] = useState<{ kind: 'reading'; pct: number } | { kind: 'sending' } | null>(null);
  const [page, setPage] = useState(1);
  const [openId, setOpenId] = useState<number | null>(null);
  const list = useQuery({ queryKey: ['qa-imports', page], queryFn: () => analytics.imports({ limit: 20, offset: (page - 1) * 20 }) });
  const detail = useQuery({ queryKey: ['qa-import', openId], queryFn: () => analytics.importDetail(openId!), enabled: openId !== null });
  const upload = useMutation({
    mutationFn: async (file: File) => {
      if (file.size > MAX_BYTES) throw new Error(t('qa.imports.tooLarge'));
      setStage({ kind: 'reading', pct: 0 });
      const text = await readText(file, (pct) => setStage({ kind: 'reading', pct }));
      setStage({ kind: 'sending' });
      return analytics.upload({ fileName: file.name, format, text });
    },
    onSettled: () => setStage(null),
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: ['qa-imports'] });
      setOpenId(r.id);
    },
  });

  const reason = (r: string) => t(`qa.imports.reasons.${r}`, { defaultValue: r });
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <div className="gd-page-title">
          <Typography.Title level={3}>{t('qa.imports.title')}</Typography.Title>
        </div>
        {canUpload && (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Space wrap>
              <span>{t('qa.imports.format')}</span>
              <Segmented
                value={format}
                onChange={(v) => setFormat(v as 'csv')}
                options={(['queue_log', 'csv'] as const).map((f) => ({ value: f, label: t(`qa.imports.formats.${f}`) }))}
              />
              <Upload
                accept=".log,.txt,.csv,text/plain,text/csv"
                showUploadList={false}
                disabled={upload.isPending}
                beforeUpload={(file) => {
                  upload.mutate(file);
                  return false;
                }}
              >
                <Button icon={<UploadOutlined />} type="primary" loading={upload.isPending} data-testid="qa-upload">
                  {t('qa.imports.upload')}
                </Button>
              </Upload>
            </Space>
            {stage?.kind === 'reading' && <Progress percent={stage.pct} status="active" format={() => t('qa.imports.reading', { pct: stage.pct })} />}
            {stage?.kind === 'sending' && <Progress percent={100} status="active" showInfo={false} />}
            {stage?.kind === 'sending' && <Typography.Text type="secondary">{t('qa.imports.sending')}</Typography.Text>}
            {upload.error && <Alert type="error" title={errorText(upload.error)} showIcon />}
            {upload.data && !upload.isPending && (
              <Alert type="success" showIcon title={t('qa.imports.done', { calls: upload.data.calls, problems: upload.data.problems })} />
            )}
            <Typography.Text type="secondary">{format === 'csv' ? t('qa.imports.csvHelp') : t('qa.imports.cliHelp')}</Typography.Text>
          </Space>
        )}
      </Card>
      <Card>
        {list.error ? (
          <LoadError error={list.error} onRetry={() => list.refetch()} />
        ) : (
          <Table<ImportSummary>
            size="small"
            rowKey="id"
            loading={list.isLoading}
            dataSource={list.data?.items ?? []}
            data-testid="qa-imports"
            pagination={{ current: page, total: list.data?.total ?? 0, pageSize: 20, onChange: setPage }}
            onRow={(r) => ({ onClick: () => setOpenId(r.id), style: { cursor: 'pointer' } })}
            columns={[
              { title: 'ID', dataIndex: 'id', width: 70 },
              { title: t('qa.imports.fileName'), dataIndex: 'fileName' },
              { title: t('qa.imports.source'), dataIndex: 'source', render: (v: string) => t(`qa.imports.sources.${v}`, { defaultValue: v }) },
              {
                title: t('qa.imports.status'),
                dataIndex: 'status',
                render: (v: string) => <Tag color={v === 'done' ? 'green' : 'blue'}>{t(`qa.imports.statuses.${v}`, { defaultValue: v })}</Tag>,
              },
              { title: t('qa.imports.lines'), dataIndex: 'lines' },
              { title: t('qa.imports.calls'), dataIndex: 'calls' },
              { title: t('qa.imports.duplicates'), dataIndex: 'duplicateCalls' },
              { title: t('qa.imports.problems'), dataIndex: 'problems', render: (v: number) => (v ? <Tag color="orange">{v}</Tag> : 0) },
              { title: t('qa.imports.startedAt'), dataIndex: 'startedAt', render: (v: string) => new Date(v).toLocaleString() },
            ]}
          />
        )}
      </Card>
      <Drawer open={openId !== null} onClose={() => setOpenId(null)} size="large" title={detail.data?.fileName}>
        {detail.error ? (
          <LoadError error={detail.error} />
        ) : (
          detail.data && (
            <Space orientation="vertical" style={{ width: '100%' }}>
              <Descriptions
                size="small"
                column={2}
                bordered
                items={[
                  { key: 'f', label: t('qa.imports.format'), children: t(`qa.imports.formats.${detail.data.format}`) },
                  { key: 's', label: t('qa.imports.status'), children: t(`qa.imports.statuses.${detail.data.status}`, { defaultValue: detail.data.status }) },
                  { key: 'l', label: t('qa.imports.lines'), children: detail.data.lines },
                  { key: 'c', label: t('qa.imports.calls'), children: `${detail.data.calls} (+${detail.data.duplicateCalls} ${t('qa.imports.duplicates')})` },
                  { key: 'a', label: t('qa.imports.spans'), children: detail.data.spans },
                  { key: 'b', label: t('qa.imports.by'), children: detail.data.importedByName ?? '—' },
                  {
                    key: 'p',
                    label: t('qa.imports.problems'),
                    span: 2,
                    children: Object.entries(detail.data.problemsByReason).map(([r, n]) => (
                      <Tag key={r}>
                        {reason(r)} {n}
                      </Tag>
                    )),
                  },
                ]}
              />
              <Typography.Title level={5}>{t('qa.imports.problemList')}</Typography.Title>
              <Table
                size="small"
                rowKey={(p) => `${p.line}-${p.reason}`}
                dataSource={detail.data.problemList}
                pagination={{ pageSize: 50 }}
                data-testid="qa-problems"
                columns={[
                  { title: t('qa.imports.line'), dataIndex: 'line', width: 90 },
                  { title: t('qa.imports.reason'), dataIndex: 'reason', width: 160, render: reason },
                  {
                    title: t('qa.imports.detail'),
                    dataIndex: 'detail',
                    render: (v: string) => (
                      <Typography.Text code style={{ wordBreak: 'break-all' }}>
                        {v}
                      </Typography.Text>
                    ),
                  },
                ]}
              />
            </Space>
          )
        )}
      </Drawer>
    </Space>
  );
}
