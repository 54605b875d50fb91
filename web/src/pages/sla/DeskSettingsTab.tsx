/**
 * Service-desk settings (GET/PUT /api/workorders/settings): duplicate and reopen windows, the
 * callback sample, how far back each channel may date a received time, and the escalation steps
 * of major complaints. The server checks the whole and names any field it refuses.
 */
import { useEffect, useState } from 'react';
import { Alert, App, Button, Descriptions, InputNumber, Space, Table, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, errorText } from '../../api/client';
import { call, http } from '../../api/http';
import { wo, type DeskSettings } from '../../api/workorders';
import { useAuth } from '../../app/auth';
import { pick } from '../../i18n';
import { LoadError } from '../../components/Problems';

export default function DeskSettingsTab() {
  const { t, i18n } = useTranslation();
  const { can } = useAuth();
  const { message } = App.useApp();
  const editable = can('sla.admin');
  const q = useQuery({ queryKey: ['desk-settings'], queryFn: wo.settings });
  const catalog = useQuery({ queryKey: ['wo-catalog'], queryFn: wo.catalog });
  const [draft, setDraft] = useState<DeskSettings | null>(null);
  const [errors, setErrors] = useState<{ field: string; text: string }[]>([]);
  useEffect(() => {
    if (q.data) setDraft(q.data);
  }, [q.data]);
  if (q.error) return <LoadError error={q.error} onRetry={() => q.refetch()} />;
  if (!draft) return null;
  const en = i18n.language.startsWith('en');
  const errorOf = (field: string) => errors.find((e) => e.field === field)?.text;
  const set = (patch: Partial<DeskSettings>) => setDraft({ ...draft, ...patch });
  const dirty = JSON.stringify(draft) !== JSON.stringify(q.data);

  async function save() {
    if (!draft) return;
    setErrors([]);
    try {
      await call(http.PUT('/api/workorders/settings', { body: draft }));
      message.success(t('common.saved'));
      void q.refetch();
    } catch (e) {
      if (e instanceof ApiError && e.body.details?.length) setErrors(e.body.details.map((d) => ({ field: d.field, text: en ? d.messageEn : d.message })));
      else setErrors([{ field: 'body', text: errorText(e) }]);
    }
  }

  const num = (field: keyof DeskSettings, min: number, max: number, suffix: string) => (
    <Space orientation="vertical" size={0}>
      <InputNumber
        data-testid={`setting-${field}`}
        value={draft[field] as number}
        min={min}
        max={max}
        disabled={!editable}
        addonAfter={suffix}
        onChange={(v) => v !== null && set({ [field]: v } as Partial<DeskSettings>)}
        status={errorOf(`body.${field}`) ? 'error' : undefined}
      />
      {errorOf(`body.${field}`) && <Typography.Text type="danger">{errorOf(`body.${field}`)}</Typography.Text>}
    </Space>
  );

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="large">
      <Typography.Paragraph type="secondary">{t('slaAdmin.deskHint')}</Typography.Paragraph>
      {errors.length > 0 && <Alert type="error" showIcon data-testid="settings-error" title={errors.map((e) => e.text).join(' · ')} />}
      <Descriptions column={1} bordered size="small">
        <Descriptions.Item label={t('slaAdmin.duplicateWindow')}>{num('duplicateWindowHours', 1, 720, t('slaAdmin.hoursUnit'))}</Descriptions.Item>
        <Descriptions.Item label={t('slaAdmin.reopenWindow')}>{num('reopenWindowDays', 0, 365, t('slaAdmin.daysUnit'))}</Descriptions.Item>
        <Descriptions.Item label={t('slaAdmin.callbackSample')}>{num('callbackSamplePercent', 0, 100, '%')}</Descriptions.Item>
        <Descriptions.Item label={t('slaAdmin.escalation')}>
          <Space wrap>
            {draft.escalationMinutes.map((m, i) => (
              <Space key={i} size={4}>
                <Typography.Text type="secondary">
                  {i === 0 ? t('slaAdmin.levelProvince') : i === 1 ? t('slaAdmin.levelCity') : t('slaAdmin.level', { n: i + 1 })}
                </Typography.Text>
                <InputNumber
                  data-testid={`escalation-${i}`}
                  value={m}
                  min={1}
                  max={1440}
                  disabled={!editable}
                  addonAfter={t('slaAdmin.minutesUnit')}
                  status={errorOf(`body.escalationMinutes[${i}]`) ? 'error' : undefined}
                  onChange={(v) => v !== null && set({ escalationMinutes: draft.escalationMinutes.map((x, k) => (k === i ? v : x)) })}
                />
              </Space>
            ))}
          </Space>
        </Descriptions.Item>
      </Descriptions>
      <Table<{ code: string; minutes: number }>
        size="small"
        pagination={false}
        rowKey="code"
        title={() => <b>{t('slaAdmin.backdate')}</b>}
        dataSource={Object.entries(draft.maxBackdateMinutes).map(([code, minutes]) => ({ code, minutes }))}
        columns={[
          {
            title: t('slaAdmin.channel'),
            dataIndex: 'code',
            render: (c: string) =>
              pick(
                catalog.data?.channels.find((x) => x.code === c),
                i18n.language,
              ) || c,
          },
          {
            title: t('slaAdmin.backdateLimit'),
            dataIndex: 'minutes',
            render: (m: number, r) => (
              <Space orientation="vertical" size={0}>
                <InputNumber
                  data-testid={`backdate-${r.code}`}
                  value={m}
                  min={0}
                  max={525600}
                  disabled={!editable}
                  addonAfter={t('slaAdmin.minutesUnit')}
                  status={errorOf(`body.maxBackdateMinutes.${r.code}`) ? 'error' : undefined}
                  onChange={(v) => v !== null && set({ maxBackdateMinutes: { ...draft.maxBackdateMinutes, [r.code]: v } })}
                />
                {errorOf(`body.maxBackdateMinutes.${r.code}`) && (
                  <Typography.Text type="danger">{errorOf(`body.maxBackdateMinutes.${r.code}`)}</Typography.Text>
                )}
              </Space>
            ),
          },
          {
            title: '',
            key: 'human',
            render: (_: unknown, r) => (
              <Typography.Text type="secondary">
                {r.minutes >= 1440
                  ? t('slaAdmin.approxDays', { n: Math.round(r.minutes / 144) / 10 })
                  : r.minutes >= 60
                    ? t('slaAdmin.approxHours', { n: Math.round(r.minutes / 6) / 10 })
                    : ''}
              </Typography.Text>
            ),
          },
        ]}
      />
      {editable && (
        <Button type="primary" disabled={!dirty} onClick={save} data-testid="settings-save">
          {t('common.save')}
        </Button>
      )}
    </Space>
  );
}
