/** First review and joint review of the plan (connections.approve), and the agreements required before energising. */
import { useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { connections, type AgreementBody, type AppDetail } from '../../api/connections';
import { errorText } from '../../api/client';
import { useAuth } from '../../app/auth';
import { label } from '../../components/labels';
import { fmtTime } from '../../components/time';
import { pick } from '../../i18n';

export function ReviewsPanel({ d }: { d: AppDetail }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [level, setLevel] = useState<'first' | 'joint'>(d.reviews.some((r) => r.level === 'first' && r.decision === 'approved') ? 'joint' : 'first');
  const [decision, setDecision] = useState<'approved' | 'rejected'>('approved');
  const [participants, setParticipants] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  if (d.reviewReasons.length === 0)
    return (
      <Card size="small">
        <Typography.Text type="secondary">{t('conn.reviews.none')}</Typography.Text>
      </Card>
    );
  const a = d.application;
  async function save() {
    setError(null);
    try {
      await connections.review(a.id, { level, decision, participants, ...(note ? { note } : {}) });
      message.success(t('common.saved'));
      setNote('');
      setParticipants('');
      // an approved first review is followed by the leaders' joint review
      if (level === 'first' && decision === 'approved') setLevel('joint');
      await qc.invalidateQueries({ queryKey: ['connection', a.id] });
      // the workbench and the review board show where the reviews stand
      void qc.invalidateQueries({ queryKey: ['connections'] });
    } catch (e) {
      setError(errorText(e));
    }
  }
  return (
    <Card size="small">
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Space wrap>
          <Typography.Text strong>
            {t('conn.reviews.reasons')}
            {t('conn.colon')}
          </Typography.Text>
          {d.reviewReasons.map((r) => (
            <Tag key={r.code} color="purple">
              {pick(r)}
            </Tag>
          ))}
        </Space>
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={d.reviews}
          data-testid="conn-reviews"
          columns={[
            { title: t('conn.reviews.level'), dataIndex: 'level', render: (v) => t(`conn.reviews.${v}`) },
            {
              title: t('conn.reviews.decision'),
              dataIndex: 'decision',
              render: (v) => <Tag color={v === 'approved' ? 'green' : 'red'}>{t(`conn.reviews.${v}`)}</Tag>,
            },
            { title: t('conn.reviews.participants'), dataIndex: 'participants' },
            { title: t('conn.reviews.note'), dataIndex: 'note' },
            { title: '', key: 'by', render: (_, r) => `${r.reviewerName ?? ''} · ${fmtTime(r.at)}` },
          ]}
        />
        {error && <Alert type="error" showIcon title={error} />}
        {can('connections.approve') && a.stage === 'plan' && a.status === 'open' && (
          <Space wrap>
            <Select
              value={level}
              onChange={setLevel}
              style={{ width: 260 }}
              data-testid="conn-review-level"
              options={[
                { value: 'first', label: t('conn.reviews.first') },
                { value: 'joint', label: t('conn.reviews.joint') },
              ]}
            />
            <Select
              value={decision}
              onChange={setDecision}
              style={{ width: 110 }}
              options={[
                { value: 'approved', label: t('conn.reviews.approved') },
                { value: 'rejected', label: t('conn.reviews.rejected') },
              ]}
            />
            <Input
              placeholder={t('conn.reviews.participants')}
              value={participants}
              onChange={(e) => setParticipants(e.target.value)}
              style={{ width: 220 }}
              maxLength={300}
              data-testid="conn-review-participants"
            />
            <Input
              placeholder={t('conn.reviews.note')}
              value={note}
              onChange={(e) => setNote(e.target.value)}
              style={{ width: 220 }}
              maxLength={1000}
              data-testid="conn-review-note"
            />
            <Button type="primary" disabled={!participants} onClick={save} data-testid="conn-review-save">
              {t('conn.actions.review')}
            </Button>
          </Space>
        )}
      </Space>
    </Card>
  );
}

export function AgreementsPanel({ d }: { d: AppDetail }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [kind, setKind] = useState<AgreementBody['kind']>(d.requiredAgreements.find((k) => !d.agreements.some((x) => x.kind === k)) ?? 'supply_contract');
  const [refNo, setRefNo] = useState('');
  const [signedOn, setSignedOn] = useState<Dayjs | null>(null);
  const [error, setError] = useState<string | null>(null);
  const a = d.application;
  const have = new Set(d.agreements.map((x) => x.kind));
  async function save() {
    setError(null);
    try {
      await connections.agreement(a.id, { kind, refNo, signedOn: signedOn!.format('YYYY-MM-DD') });
      message.success(t('common.saved'));
      setRefNo('');
      await qc.invalidateQueries({ queryKey: ['connection', a.id] });
    } catch (e) {
      setError(errorText(e));
    }
  }
  return (
    <Card size="small">
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Space wrap data-testid="conn-agreements-required">
          <Typography.Text strong>
            {t('conn.agreements.required')}
            {t('conn.colon')}
          </Typography.Text>
          {d.requiredAgreements.length === 0 ? (
            <Typography.Text type="secondary">{t('conn.agreements.none')}</Typography.Text>
          ) : (
            d.requiredAgreements.map((k) => (
              <Tag key={k} color={have.has(k) ? 'green' : 'volcano'}>
                {label('conn.agreements.kinds', k)}
              </Tag>
            ))
          )}
        </Space>
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={d.agreements}
          data-testid="conn-agreements"
          columns={[
            { title: t('conn.kind'), dataIndex: 'kind', render: (v) => label('conn.agreements.kinds', v) },
            { title: t('conn.agreements.refNo'), dataIndex: 'refNo' },
            { title: t('conn.agreements.signedOn'), dataIndex: 'signedOn' },
          ]}
        />
        {error && <Alert type="error" showIcon title={error} />}
        {can('connections.write') && a.status === 'open' && (
          <Space wrap>
            <Select
              value={kind}
              onChange={setKind}
              style={{ width: 240 }}
              data-testid="conn-agreement-kind"
              options={['supply_contract', 'dispatch_agreement', 'generation_agreement', 'anti_backfeed'].map((k) => ({
                value: k,
                label: label('conn.agreements.kinds', k),
              }))}
            />
            <Input
              placeholder={t('conn.agreements.refNo')}
              value={refNo}
              onChange={(e) => setRefNo(e.target.value)}
              style={{ width: 180 }}
              maxLength={64}
              data-testid="conn-agreement-ref"
            />
            <DatePicker placeholder={t('conn.agreements.signedOn')} value={signedOn} onChange={setSignedOn} />
            <Button type="primary" disabled={!refNo || !signedOn} onClick={save} data-testid="conn-agreement-save">
              {t('conn.actions.agreement')}
            </Button>
          </Space>
        )}
      </Space>
    </Card>
  );
}
