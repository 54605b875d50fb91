/**
 * 网上签约: the supply contract of an application. Staff offer it at the contract stage, follow it
 * and may withdraw an unsigned offer; the customer reads the clauses (or the PDF), ticks the
 * agreement, types their name and signs what they were shown (the content hash goes with it).
 */
import { useState } from 'react';
import { Alert, App, Button, Card, Checkbox, Descriptions, Input, Space, Tag, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { connections, contractPdfUrl, type ContractOffer } from '../../api/connections';
import { errorText } from '../../api/client';
import { useAuth } from '../../app/auth';
import { fmtTime } from '../../components/time';
import { pick } from '../../i18n';

const STATUS_COLOR: Record<ContractOffer['status'], string> = { offered: 'blue', signed: 'green', withdrawn: 'default', expired: 'volcano' };

export function ContractCard({ appId, stage, open, portal = false }: { appId: number; stage: string; open: boolean; portal?: boolean }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { message, modal } = App.useApp();
  const qc = useQueryClient();
  const key = [portal ? 'portal' : 'staff', 'contract', appId];
  const q = useQuery({ queryKey: key, queryFn: () => connections.contract(appId, portal) });
  const [agree, setAgree] = useState(false);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const last = q.data?.offers.at(-1) ?? null;
  const o = q.data?.current ?? last;
  const refresh = () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: key }),
      qc.invalidateQueries({ queryKey: portal ? ['portal', 'connection', appId] : ['connection', appId] }),
    ]);

  async function act(fn: () => Promise<unknown>, done: string) {
    setError(null);
    setBusy(true);
    try {
      await fn();
      message.success(done);
      await refresh();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  function withdraw() {
    let reason = '';
    modal.confirm({
      title: t('conn.contract.withdraw'),
      content: (
        <Input.TextArea
          data-testid="contract-withdraw-reason"
          maxLength={500}
          onChange={(e) => (reason = e.target.value)}
          placeholder={t('conn.contract.withdrawReason')}
        />
      ),
      onOk: () => act(() => connections.contractWithdraw(appId, reason), t('conn.contract.withdrawn')),
    });
  }

  if (portal && !o) return null;
  const canOffer = !portal && open && stage === 'contract' && can('connections.write') && !q.data?.current;
  return (
    <Card
      size="small"
      title={t('conn.contract.title')}
      data-testid="contract-card"
      extra={
        <Space>
          {o && (
            <a href={contractPdfUrl(appId, portal)} target="_blank" rel="noreferrer" data-testid="contract-pdf">
              {t('conn.contract.pdf')}
            </a>
          )}
          {canOffer && (
            <Button
              type="primary"
              loading={busy}
              onClick={() => act(() => connections.contractOffer(appId), t('conn.contract.offered'))}
              data-testid="contract-offer"
            >
              {t('conn.contract.offer')}
            </Button>
          )}
          {!portal && o?.status === 'offered' && can('connections.write') && (
            <Button onClick={withdraw} data-testid="contract-withdraw">
              {t('conn.contract.withdraw')}
            </Button>
          )}
        </Space>
      }
    >
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} data-testid="contract-error" />}
      {!o ? (
        <Typography.Text type="secondary">{stage === 'contract' ? t('conn.contract.noneYet') : t('conn.contract.atStage')}</Typography.Text>
      ) : (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Descriptions size="small" column={{ xs: 1, md: 2 }}>
            <Descriptions.Item label={t('conn.contract.no')}>
              <span className="gd-mono">{o.contractNo}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('conn.contract.status')}>
              <Tag color={STATUS_COLOR[o.status]} data-testid="contract-status">
                {t(`conn.contract.statuses.${o.status}`)}
              </Tag>
              {!o.intact && <Tag color="red">{t('conn.contract.tampered')}</Tag>}
            </Descriptions.Item>
            <Descriptions.Item label={t('conn.contract.offeredAt')}>
              {fmtTime(o.offeredAt)} · {o.offeredByName}
            </Descriptions.Item>
            <Descriptions.Item label={t('conn.contract.expiresAt')}>{fmtTime(o.expiresAt)}</Descriptions.Item>
            {o.signedAt && (
              <Descriptions.Item label={t('conn.contract.signed')}>
                <span data-testid="contract-signer">{o.signerName}</span> · {fmtTime(o.signedAt)}
                {!portal && o.signedIp ? ` · ${o.signedIp}` : ''}
              </Descriptions.Item>
            )}
            {o.withdrawnReason && <Descriptions.Item label={t('conn.contract.withdrawReason')}>{o.withdrawnReason}</Descriptions.Item>}
            <Descriptions.Item label={t('conn.contract.hash')}>
              <Typography.Text className="gd-mono" copyable style={{ fontSize: 12 }}>
                {o.signatureSha256 ?? o.contentSha256}
              </Typography.Text>
            </Descriptions.Item>
          </Descriptions>
          {portal && o.status === 'offered' && (
            <>
              <Typography.Title level={5} style={{ textAlign: 'center' }}>
                {pick(o.terms.title)}
              </Typography.Title>
              <ol data-testid="contract-clauses" style={{ paddingLeft: 20 }}>
                {o.terms.clauses.map((c) => (
                  <li key={c.no}>{pick(c)}</li>
                ))}
              </ol>
              <Checkbox checked={agree} onChange={(e) => setAgree(e.target.checked)} data-testid="contract-agree">
                {t('conn.contract.agree')}
              </Checkbox>
              <Space wrap>
                <Input
                  value={name}
                  onChange={(e) => setName(e.target.value)}
                  placeholder={t('conn.contract.typeName')}
                  maxLength={100}
                  style={{ width: 240 }}
                  data-testid="contract-name"
                />
                <Button
                  type="primary"
                  disabled={!agree || !name.trim()}
                  loading={busy}
                  data-testid="contract-sign"
                  onClick={() =>
                    act(() => connections.contractSign(appId, { contentSha256: o.contentSha256, signerName: name, agree: true }), t('conn.contract.signedOk'))
                  }
                >
                  {t('conn.contract.sign')}
                </Button>
              </Space>
              <Typography.Text type="secondary">{t('conn.contract.signHint')}</Typography.Text>
            </>
          )}
        </Space>
      )}
    </Card>
  );
}
