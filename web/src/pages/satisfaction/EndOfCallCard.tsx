/** The end-of-call question on a work order: the agent records the customer's 1–5 answer, once per call. */
import { useState } from 'react';
import { Alert, Button, Card, Input, Rate, Space, Typography } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { satisfaction } from '../../api/satisfaction';
import { errorText } from '../../api/client';

export default function EndOfCallCard({ orderId }: { orderId: number }) {
  const { t } = useTranslation();
  const [score, setScore] = useState(0);
  const [callId, setCallId] = useState('');
  const [comment, setComment] = useState('');
  const save = useMutation({
    mutationFn: () => satisfaction.endOfCall({ orderId, score, ctiCallId: callId.trim() || undefined, comment: comment.trim() || undefined }),
  });
  return (
    <Card title={t('sat.endOfCall')} size="small" data-testid="end-of-call">
      {save.isSuccess ? (
        <Typography.Text type="success">
          {save.data.stored ? t('sat.endOfCallSaved') : t('sat.endOfCallKnown')} ({save.data.response.overall} / {save.data.response.scaleMax})
        </Typography.Text>
      ) : (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text type="secondary">{t('sat.endOfCallHint')}</Typography.Text>
          <Rate value={score} onChange={setScore} />
          <Input placeholder={t('sat.ctiCallId')} value={callId} onChange={(e) => setCallId(e.target.value)} maxLength={64} />
          <Input.TextArea placeholder={t('sat.comments')} value={comment} onChange={(e) => setComment(e.target.value)} maxLength={500} rows={2} />
          {save.error && <Alert type="error" showIcon message={errorText(save.error)} />}
          <Button type="primary" disabled={score === 0} loading={save.isPending} onClick={() => save.mutate()}>
            {t('common.save')}
          </Button>
        </Space>
      )}
    </Card>
  );
}
