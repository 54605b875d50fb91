/**
 * Bank withholding files (代扣): export a debit batch per bank (the file in the bank's layout),
 * import the bank's result file, and see each batch's reconciliation and the quarantined lines with
 * their reasons. Every figure from the payments API; amounts are integer fen.
 */
import { useState } from 'react';
import { Alert, App as AntApp, Button, Card, Select, Space, Table, Tag, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { call, http, type Reply } from '../../api/http';
import { errorText } from '../../api/client';
import { LoadError } from '../../components/Problems';
import { yuan } from './money';

type Batch = Reply<'/api/payments/withholding/batches', 'get'>[number];
type Quarantined = Reply<'/api/payments/withholding/quarantine', 'get'>[number];
type ImportResult = Reply<'/api/payments/withholding/imports', 'post'>;

/** File bytes → base64 without loading them as text (a GBK file is not UTF-8). */
async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export default function BankFilesPage() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const [bank, setBank] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ImportResult | null>(null);
  const banks = useQuery({ queryKey: ['wh-banks'], queryFn: () => call(http.GET('/api/payments/withholding/banks')) });
  const batches = useQuery({ queryKey: ['wh-batches'], queryFn: () => call(http.GET('/api/payments/withholding/batches')) });
  const quarantine = useQuery({ queryKey: ['wh-quarantine'], queryFn: () => call(http.GET('/api/payments/withholding/quarantine')) });
  const refresh = () => Promise.all([qc.invalidateQueries({ queryKey: ['wh-batches'] }), qc.invalidateQueries({ queryKey: ['wh-quarantine'] })]);
  const exportBatch = async () => {
    if (!bank) return;
    setBusy(true);
    try {
      const b = await call(http.POST('/api/payments/withholding/batches', { body: { bankCode: bank } }));
      message.success(t('pay.wh.exported', { batchNo: b.batchNo, lines: b.lines, total: yuan(b.totalFen) }));
      await refresh();
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const importFile = async (file: File) => {
    if (!bank) return;
    setBusy(true);
    try {
      const r = await call(
        http.POST('/api/payments/withholding/imports', { body: { bankCode: bank, fileName: file.name, contentBase64: await base64Of(file) } }),
      );
      setResult(r);
      await refresh();
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  if (banks.error) return <LoadError error={banks.error} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card title={t('pay.wh.title')}>
        <Space wrap>
          <Select
            style={{ width: 260 }}
            placeholder={t('pay.wh.bank')}
            value={bank}
            onChange={setBank}
            data-testid="wh-bank"
            options={(banks.data ?? []).map((b) => ({ value: b.bankCode, label: `${b.bankCode} · ${b.name}` }))}
          />
          <Button type="primary" disabled={!bank} loading={busy} onClick={exportBatch} data-testid="wh-export">
            {t('pay.wh.export')}
          </Button>
          <Upload
            accept=".txt,.csv,.dat"
            showUploadList={false}
            disabled={!bank || busy}
            beforeUpload={(f) => {
              void importFile(f);
              return false;
            }}
          >
            <Button icon={<UploadOutlined />} disabled={!bank} data-testid="wh-import">
              {t('pay.wh.import')}
            </Button>
          </Upload>
        </Space>
        {result && (
          <Alert
            style={{ marginTop: 12 }}
            type={result.status === 'quarantined' || result.quarantined > 0 ? 'warning' : 'success'}
            showIcon
            data-testid="wh-result"
            message={
              result.status === 'quarantined'
                ? t('pay.wh.fileQuarantined', { reason: result.reason ?? '' })
                : t('pay.wh.imported', {
                    lines: result.lines,
                    paid: result.paid,
                    fen: yuan(result.paidFen),
                    failed: result.failed,
                    quarantined: result.quarantined,
                  })
            }
          />
        )}
      </Card>
      <Card title={t('pay.wh.batches')}>
        <Table<Batch>
          data-testid="wh-batches"
          rowKey="id"
          size="small"
          loading={batches.isLoading}
          dataSource={batches.data ?? []}
          pagination={false}
          columns={[
            { title: t('pay.wh.batchNo'), dataIndex: 'batchNo' },
            { title: t('pay.wh.bank'), dataIndex: 'bankCode' },
            { title: t('pay.wh.lines'), dataIndex: 'lines', align: 'right' as const },
            { title: t('pay.wh.total'), dataIndex: 'totalFen', align: 'right' as const, render: yuan },
            { title: t('pay.wh.paid'), render: (_: unknown, b: Batch) => `${b.paid} · ${yuan(b.paidFen)}` },
            { title: t('pay.wh.failed'), render: (_: unknown, b: Batch) => `${b.failed} · ${yuan(b.failedFen)}` },
            { title: t('pay.wh.open'), render: (_: unknown, b: Batch) => `${b.open} · ${yuan(b.openFen)}` },
            { title: t('pay.wh.quarantined'), dataIndex: 'quarantined', align: 'right' as const },
            {
              title: t('pay.status'),
              dataIndex: 'reconciled',
              render: (r: boolean) => <Tag color={r ? 'green' : 'blue'}>{r ? t('pay.wh.reconciled') : t('pay.wh.waiting')}</Tag>,
            },
            {
              title: t('common.actions'),
              render: (_: unknown, b: Batch) => <a href={`/api/payments/withholding/batches/${b.id}/file`}>{t('pay.wh.download')}</a>,
            },
          ]}
        />
      </Card>
      <Card title={t('pay.wh.quarantine')}>
        <Table<Quarantined>
          data-testid="wh-quarantine"
          rowKey="id"
          size="small"
          loading={quarantine.isLoading}
          dataSource={quarantine.data ?? []}
          pagination={{ pageSize: 20 }}
          columns={[
            { title: t('pay.wh.importNo'), dataIndex: 'importId' },
            { title: t('pay.wh.lineNo'), dataIndex: 'lineNo' },
            {
              title: t('pay.wh.reason'),
              dataIndex: 'reason',
              render: (r: string) => <Tag color="orange">{t(`pay.wh.reasons.${r}`, { defaultValue: r })}</Tag>,
            },
            { title: t('pay.wh.detail'), dataIndex: 'detail' },
            { title: t('pay.wh.raw'), dataIndex: 'raw', render: (r: string) => <code style={{ whiteSpace: 'pre' }}>{r}</code> },
          ]}
        />
      </Card>
    </Space>
  );
}
