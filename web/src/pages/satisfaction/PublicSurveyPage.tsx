/** The public survey page (no login): the customer opens the SMS link, answers once, and is thanked. */
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { Alert, Button, Card, Form, Input, Layout, Radio, Rate, Result, Skeleton, Space, Typography } from 'antd';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { satisfaction, type Question } from '../../api/satisfaction';
import { ApiError } from '../../api/client';
import { applyFormErrors } from '../../components/formErrors';
import { fmtTime } from '../../components/time';
import LangSwitch from '../../components/LangSwitch';
import Logo from '../../components/Logo';

function ScaleInput({ q, value, onChange }: { q: Question; value?: number; onChange?: (v: number) => void }) {
  if (q.type === 'scale5') return <Rate count={5} value={value} onChange={onChange} data-testid={`q-${q.key}`} />;
  return (
    <Radio.Group value={value} onChange={(e) => onChange?.(e.target.value as number)} data-testid={`q-${q.key}`} optionType="button">
      {Array.from({ length: 10 }, (_, i) => (
        <Radio.Button key={i + 1} value={i + 1}>
          {i + 1}
        </Radio.Button>
      ))}
    </Radio.Group>
  );
}

export default function PublicSurveyPage() {
  const { t, i18n } = useTranslation();
  const { token = '' } = useParams();
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const q = useQuery({ queryKey: ['public-survey', token], queryFn: () => satisfaction.publicSurvey(token), retry: false });
  const send = useMutation({
    mutationFn: (answers: Record<string, string | number>) => satisfaction.answer(token, answers),
    onError: (e) => setError(applyFormErrors(form, e)),
  });
  const en = i18n.language.startsWith('en');
  const gone = q.error instanceof ApiError && (q.error.status === 404 || q.error.status === 409);
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ background: '#fff', display: 'flex', alignItems: 'center', padding: '0 12px', borderBottom: '1px solid #f0f0f0' }}>
        <Logo />
        <div style={{ flex: 1 }} />
        <LangSwitch />
      </Layout.Header>
      <Layout.Content style={{ padding: 12, maxWidth: 720, width: '100%', margin: '0 auto' }}>
        <Typography.Title level={3}>{t('sat.publicTitle')}</Typography.Title>
        {send.isSuccess ? (
          <Result status="success" title={t('sat.thanks')} subTitle={t('sat.thanksHint')} data-testid="survey-thanks" />
        ) : q.isLoading ? (
          <Skeleton active />
        ) : q.error ? (
          <Result status="warning" title={gone ? t('sat.linkGone') : t('error.generic')} data-testid="survey-gone" />
        ) : q.data ? (
          <Card>
            <Typography.Paragraph>{t('sat.publicIntro', { no: q.data.orderNo })}</Typography.Paragraph>
            <Typography.Paragraph type="secondary">{t('sat.validUntil', { t: fmtTime(q.data.expiresAt) })}</Typography.Paragraph>
            {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} data-testid="survey-error" />}
            <Form
              form={form}
              layout="vertical"
              onFinish={(v: Record<string, unknown>) => {
                setError(null);
                const answers: Record<string, string | number> = {};
                for (const [k, x] of Object.entries(v.answers as Record<string, unknown>))
                  if (x !== undefined && x !== null && x !== '' && x !== 0) answers[k] = x as string | number;
                send.mutate(answers);
              }}
            >
              {q.data.questions.map((qq) => (
                <Form.Item
                  key={qq.key}
                  name={['answers', qq.key]}
                  label={en ? qq.textEn : qq.textZh}
                  rules={qq.required ? [{ required: true, message: t('sat.required') }] : []}
                >
                  {qq.type === 'scale5' || qq.type === 'scale10' ? (
                    <ScaleInput q={qq} />
                  ) : qq.type === 'choice' ? (
                    <Radio.Group data-testid={`q-${qq.key}`}>
                      <Space direction="vertical">
                        {(qq.options ?? []).map((o) => (
                          <Radio key={o.value} value={o.value}>
                            {en ? o.en : o.zh}
                          </Radio>
                        ))}
                      </Space>
                    </Radio.Group>
                  ) : (
                    <Input.TextArea rows={3} maxLength={qq.maxLength ?? 1000} data-testid={`q-${qq.key}`} />
                  )}
                </Form.Item>
              ))}
              <Button type="primary" htmlType="submit" loading={send.isPending} data-testid="survey-submit">
                {t('sat.submit')}
              </Button>
            </Form>
          </Card>
        ) : null}
      </Layout.Content>
    </Layout>
  );
}
