/**
 * The card acquirer's settlement files (银行卡收单结算, docs/payments.md "Card acquirer settlement"): pick the
 * acquirer's layout, import its file, and see each import's figures (settled, fees, net to the bank, quarantined)
 * and the quarantined lines with their reasons. The same file imported again answers its first import. Every figure
 * from the payments API; amounts are integer fen.
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

type Settlement = Reply<'/api/payments/card-settlements', 'get'>[number];
type Line = Reply<'/api/payments/card-settlements/quarantine', 'get'>[number];

/** File bytes → base64 without loading them as text (a GBK file is not UTF-8). */
async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export default function CardSettlementsPage() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const qc = useQueryClient();
  const [acquirer, setAcquirer] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Settlement | null>(null);
  const acquirers = useQuery({ queryKey: ['card-acquirers'], queryFn: () => call(http.GET('/api/payments/card-settlements/acquirers')) });
  const imports = useQuery({ queryKey: ['card-settlements'], queryFn: () => call(http.GET('/api/payments/card-settlements')) });
  const quarantine = useQuery({ queryKey: ['card-quarantine'], queryFn: () => call(http.GET('/api/payments/card-settlements/quarantine')) });
  const importFile = async (file: File) => {
    if (!acquirer) return;
    setBusy(true);
    try {
      const r = await call(
        http.POST('/api/payments/card-settlements', { body: { acquirerCode: acquirer, fileName: file.name, contentBase64: await base64Of(file) } }),
      );
      setResult(r);
      await Promise.all([qc.invalidateQueries({ queryKey: ['card-settlements'] }), qc.invalidateQueries({ queryKey: ['card-quarantine'] })]);
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  if (acquirers.error) return <LoadError error={acquirers.error} />;
  const layout = (acquirers.data ?? []).find((a) => a.acquirerCode === acquirer);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card title={t('pay.card.title')}>
        <Space wrap>
          <Select
            style={{ width: 300 }}
            placeholder={t('pay.card.acquirer')}
            value={acquirer}
            onChange={setAcquirer}
            data-testid="card-acquirer"
            options={(acquirers.data ?? []).map((a) => ({ value: a.acquirerCode, label: `${a.acquirerCode} · ${a.name}` }))}
          />
          <Upload
            accept=".txt,.csv,.dat"
            showUploadList={false}
            disabled={!acquirer || busy}
            beforeUpload={(f) => {
              void importFile(f);
              return false;
            }}
          >
            <Button icon={<UploadOutlined />} disabled={!acquirer} loading={busy} data-testid="card-import">
              {t('pay.card.import')}
            </Button>
          </Upload>
        </Space>
        {layout && (
          <div style={{ marginTop: 8 }}>
            {t('pay.card.layout')}: <code>{layout.fields.join(',')}</code> ({layout.format}, {layout.encoding})
          </div>
        )}
        {result && (
          <Alert
            style={{ marginTop: 12 }}
            type={result.quarantined > 0 ? 'warning' : 'success'}
            showIcon
            data-testid="card-result"
            message={t(result.replayed ? 'pay.card.replayed' : 'pay.card.imported', {
              lines: result.lines,
              settled: result.settled,
              gross: yuan(result.grossFen),
              fee: yuan(result.feeFen),
              net: yuan(result.netFen),
              quarantined: result.quarantined,
            })}
          />
        )}
      </Card>
      <Card title={t('pay.card.imports')}>
        <Table<Settlement>
          data-testid="card-imports"
          rowKey="id"
          size="small"
          loading={imports.isLoading}
          dataSource={imports.data ?? []}
          pagination={false}
          columns={[
            { title: t('pay.wh.importNo'), dataIndex: 'id' },
            { title: t('pay.card.acquirer'), dataIndex: 'acquirerCode' },
            { title: t('pay.card.file'), dataIndex: 'fileName' },
            { title: t('pay.wh.lines'), dataIndex: 'lines', align: 'right' as const },
            { title: t('pay.card.settled'), dataIndex: 'settled', align: 'right' as const },
            { title: t('pay.card.gross'), dataIndex: 'grossFen', align: 'right' as const, render: yuan },
            { title: t('pay.card.fee'), dataIndex: 'feeFen', align: 'right' as const, render: yuan },
            { title: t('pay.card.net'), dataIndex: 'netFen', align: 'right' as const, render: yuan },
            { title: t('pay.wh.quarantined'), dataIndex: 'quarantined', align: 'right' as const },
          ]}
        />
      </Card>
      <Card title={t('pay.wh.quarantine')}>
        <Table<Line>
          data-testid="card-quarantine"
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
              dataIndex: 'outcome',
              render: (r: string) => <Tag color="orange">{t(`pay.card.outcomes.${r}`, { defaultValue: r })}</Tag>,
            },
            { title: t('pay.card.reference'), dataIndex: 'reference' },
            { title: t('pay.wh.detail'), dataIndex: 'detail' },
            { title: t('pay.wh.raw'), dataIndex: 'raw', render: (r: string) => <code style={{ whiteSpace: 'pre' }}>{r}</code> },
          ]}
        />
      </Card>
    </Space>
  );
}
