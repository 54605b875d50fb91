/** Upload of the IVR's post-call rating file (call_id,rated_at,key): the result with its problems by line. */
import { useState } from 'react';
import { Alert, Button, Card, Space, Table, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { satisfaction } from '../../api/satisfaction';
import { errorText } from '../../api/client';

export default function IvrImportCard() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [name, setName] = useState('');
  const up = useMutation({
    mutationFn: (f: { fileName: string; text: string }) => satisfaction.importIvr(f),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['sat-dashboard'] }),
  });
  const r = up.data;
  return (
    <Card title={t('sat.ivrImport')} size="small">
      <Typography.Paragraph type="secondary">{t('sat.ivrImportHint')}</Typography.Paragraph>
      <Upload
        accept=".csv,.txt"
        showUploadList={false}
        beforeUpload={(file) => {
          setName(file.name);
          void file.text().then((text) => up.mutate({ fileName: file.name, text }));
          return false;
        }}
      >
        <Button icon={<UploadOutlined />} loading={up.isPending}>
          {t('sat.ivrChoose')}
        </Button>
      </Upload>
      {up.error && <Alert type="error" showIcon message={errorText(up.error)} style={{ marginTop: 8 }} />}
      {r && (
        <Space direction="vertical" style={{ width: '100%', marginTop: 8 }}>
          <Alert
            type={r.problems.length ? 'warning' : 'success'}
            showIcon
            message={t('sat.ivrResult', { name, lines: r.lines, stored: r.stored, duplicates: r.duplicates, problems: r.problems.length })}
            description={r.replayed ? t('sat.ivrReplayed') : undefined}
          />
          {r.problems.length > 0 && (
            <Table
              size="small"
              rowKey={(p) => `${p.line}:${p.reason}`}
              pagination={{ pageSize: 10 }}
              dataSource={r.problems}
              columns={[
                { title: t('sat.line'), dataIndex: 'line' },
                { title: t('sat.reason'), dataIndex: 'reason', render: (v: string) => t(`sat.ivrProblems.${v}`, { defaultValue: v }) },
                { title: '', dataIndex: 'detail' },
              ]}
            />
          )}
        </Space>
      )}
    </Card>
  );
}
