/** Documents: the checklist with what is missing or expired, upload (type judged by the server from content), check. */
import { useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Select, Space, Table, Tag, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { connections, documentUrl, fileToBase64, type AppDetail, type Doc, type UploadBody } from '../../api/connections';
import { errorText } from '../../api/client';
import { useAuth } from '../../app/auth';
import { label } from '../../components/labels';
import { fmtTime } from '../../components/time';

export function DocumentsPanel({ d, portal }: { d: AppDetail; portal?: boolean }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const a = d.application;
  // the checklist is policy data (kinds as text); the server refuses a kind it does not know
  const [kind, setKind] = useState<UploadBody['kind']>(
    (d.requiredDocuments.find((k) => !d.documents.some((x) => x.kind === k)) ?? 'other') as UploadBody['kind'],
  );
  const [validUntil, setValidUntil] = useState<Dayjs | null>(null);
  const [error, setError] = useState<string | null>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: portal ? ['portal', 'connection', a.id] : ['connection', a.id] });
  const writable = a.status === 'open' && (portal ? can('portal.submit') : can('connections.write'));

  async function upload(file: File) {
    setError(null);
    try {
      await connections.upload(
        a.id,
        { kind, filename: file.name, contentBase64: await fileToBase64(file), ...(validUntil ? { validUntil: validUntil.format('YYYY-MM-DD') } : {}) },
        portal,
      );
      message.success(t('common.saved'));
      await refresh();
    } catch (e) {
      setError(errorText(e));
    }
    return false;
  }
  const missing = new Map(a.missing.map((m) => [m.kind, m]));
  return (
    <Card size="small">
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Text strong>{t('conn.docs.required')}</Typography.Text>
        <Space wrap data-testid="conn-checklist">
          {d.requiredDocuments.map((k) => (
            <Tag key={k} color={missing.has(k) ? (missing.get(k)!.problem === 'expired' ? 'orange' : 'volcano') : 'green'}>
              {label('conn.docs.kinds', k)}
            </Tag>
          ))}
        </Space>
        {error && <Alert type="error" showIcon title={error} closable onClose={() => setError(null)} data-testid="conn-upload-error" />}
        {writable && (
          <Space wrap>
            <Select
              value={kind}
              onChange={setKind}
              style={{ width: 200 }}
              options={Object.keys(t('conn.docs.kinds', { returnObjects: true }) as object).map((k) => ({ value: k, label: label('conn.docs.kinds', k) }))}
              data-testid="conn-doc-kind"
            />
            <DatePicker placeholder={t('conn.docs.validUntil')} value={validUntil} onChange={setValidUntil} />
            <Upload beforeUpload={upload} showUploadList={false} accept=".pdf,.jpg,.jpeg,.png">
              <Button icon={<UploadOutlined />} data-testid="conn-upload">
                {t('conn.actions.upload')}
              </Button>
            </Upload>
            <Typography.Text type="secondary">{t('conn.docs.hint')}</Typography.Text>
          </Space>
        )}
        <Table<Doc>
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={d.documents}
          data-testid="conn-docs"
          columns={[
            { title: t('conn.docs.kind'), dataIndex: 'kind', render: (v) => label('conn.docs.kinds', v) },
            {
              title: t('conn.docs.file'),
              dataIndex: 'filename',
              render: (v, x) => (
                <a href={documentUrl(a.id, x.id, portal)} download={v} data-testid={`conn-doc-download-${x.id}`}>
                  {v}
                </a>
              ),
            },
            { title: 'MIME', dataIndex: 'mime', responsive: ['lg'] },
            { title: t('conn.docs.validUntil'), dataIndex: 'validUntil', render: (v) => v ?? '—' },
            { title: t('conn.docs.uploaded'), dataIndex: 'uploadedAt', render: (v) => fmtTime(v) },
            { title: t('conn.docs.sha'), dataIndex: 'sha256', responsive: ['xl'], render: (v) => <span className="gd-mono">{String(v).slice(0, 12)}…</span> },
            {
              title: t('conn.docs.checkedBy'),
              key: 'c',
              render: (_, x) =>
                x.checkedBy ? (
                  `${x.checkedBy} · ${fmtTime(x.checkedAt)}`
                ) : !portal && writable ? (
                  <Button
                    size="small"
                    type="link"
                    onClick={async () => {
                      try {
                        await connections.check(a.id, x.id);
                        await refresh();
                      } catch (e) {
                        message.error(errorText(e));
                      }
                    }}
                  >
                    {t('conn.actions.check')}
                  </Button>
                ) : (
                  '—'
                ),
            },
          ]}
        />
      </Space>
    </Card>
  );
}
