/** The supply plan: transformer, supply mode, a new dedicated transformer (checks as warnings, each overridable with a reason), the customer's own choice of firms, fees from the published list only. */
import { useState } from 'react';
import { Alert, App, Button, Card, Checkbox, Col, Descriptions, Form, Input, InputNumber, Row, Select, Space, Tag, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { connections, type AppDetail, type PlanBody } from '../../api/connections';
import { applyFormErrors } from '../../components/formErrors';
import { useAuth } from '../../app/auth';
import i18n, { pick } from '../../i18n';
import { TransformerSelect } from './TransformerSelect';

export function PlanPanel({ d }: { d: AppDetail }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const a = d.application;
  const p = d.plan;
  const editable = a.stage === 'plan' && a.status === 'open' && can('connections.write');
  const hasNew = Form.useWatch('hasNew', form);
  const fee = (code: string) => d.publishedFees.find((f) => f.code === code);

  async function save(v: Record<string, any>) {
    setError(null);
    const body: PlanBody = {
      supplyMode: v.supplyMode,
      ...(v.transformerId ? { transformerId: v.transformerId } : {}),
      ...(v.hasNew
        ? {
            newTransformer: {
              kva: v.kva,
              voltageKv: v.tVoltage,
              type: v.type,
              indoor: !!v.indoor,
              hvRoom: !!v.hvRoom,
              hvMetering: !!v.hvMetering,
              ctPrimaryA: v.ctPrimaryA,
            },
          }
        : {}),
      customerChoices: Object.fromEntries(['designFirm', 'constructionFirm', 'equipmentSupplier'].filter((k) => v[k]).map((k) => [k, v[k]])),
      fees: (v.fees ?? []).map((code: string) => ({ code, quantity: a.requestedKva })),
      overrides: Object.entries(v)
        .filter(([k, x]) => k.startsWith('o_') && x)
        .map(([k, x]) => ({ check: k.slice(2), reason: x })),
      ...(a.dedicatedLine
        ? {
            dedicatedLine: {
              existingKva: v.dlExisting ?? 0,
              existingYears: v.dlYears ?? 0,
              longTermKva: v.dlLong ?? 0,
              freeBay: !!v.dlBay,
              firstApplicationKva: v.dlFirst ?? 0,
              withinOneYearKva: v.dlYear ?? 0,
            },
          }
        : {}),
    };
    try {
      await connections.plan(a.id, body);
      message.success(t('common.saved'));
      await qc.invalidateQueries({ queryKey: ['connection', a.id] });
    } catch (e) {
      setError(applyFormErrors(form, e));
    }
  }
  const n = p?.newTransformer;
  return (
    <Row gutter={16}>
      <Col xs={24} lg={editable ? 10 : 24}>
        <Card size="small" title={t('conn.plan.title')} data-testid="conn-plan">
          {!p ? (
            <Typography.Text type="secondary">{t('common.none')}</Typography.Text>
          ) : (
            <Space orientation="vertical" style={{ width: '100%' }}>
              <Descriptions size="small" column={1}>
                <Descriptions.Item label={t('conn.plan.transformerId')}>
                  <span data-testid="conn-plan-transformer-shown">
                    {p.transformer
                      ? `${p.transformer.code} ${p.transformer.name}${p.transformer.ratedKva !== null ? `（${p.transformer.ratedKva} kVA）` : ''}`
                      : (p.transformerId ?? '—')}
                  </span>
                </Descriptions.Item>
                <Descriptions.Item label={t('conn.plan.supplyMode')}>{p.supplyMode}</Descriptions.Item>
                {n && (
                  <Descriptions.Item label={t('conn.plan.newTransformer')}>
                    {`${n.kva} kVA · ${n.voltageKv} kV · ${n.type === 'dry' ? t('conn.plan.dry') : t('conn.plan.oil')}${n.indoor ? ` · ${t('conn.plan.indoor')}` : ''} · CT ${n.ctPrimaryA} A`}
                    {p.loadCurrentA !== null && ` · ${t('conn.plan.loadCurrent', { a: p.loadCurrentA })}`}
                  </Descriptions.Item>
                )}
                {p.dedicatedLineEligible !== null && (
                  <Descriptions.Item label={t('conn.dedicatedLine')}>
                    {p.dedicatedLineEligible ? t('conn.plan.eligible') : t('conn.plan.notEligible')}
                  </Descriptions.Item>
                )}
                {Object.entries(a.customerChoices).map(([k, v]) => (
                  <Descriptions.Item key={k} label={t(`conn.plan.${k}`)}>
                    {v}
                  </Descriptions.Item>
                ))}
                {a.fees.map((f) => {
                  const pub = fee(f.code);
                  return (
                    <Descriptions.Item
                      key={f.code}
                      label={pub ? pick({ zh: pub.nameZh, en: pub.nameEn }) : f.code}
                    >{`${f.quantity} ${pub?.unit ?? ''} × ¥${((pub?.amountFen ?? 0) / 100).toFixed(2)} = ¥${(f.amountFen / 100).toFixed(2)}`}</Descriptions.Item>
                  );
                })}
              </Descriptions>
              {p.warnings.length > 0 && <Typography.Text strong>{t('conn.plan.warnings')}</Typography.Text>}
              {p.warnings.map((w) => {
                const o = p.overrides.find((x) => x.check === w.check);
                return (
                  <Alert
                    key={w.check}
                    type={o ? 'info' : 'warning'}
                    showIcon
                    title={pick(w)}
                    description={o ? `${t('conn.plan.override')}: ${o.reason} · ${o.by}` : t('conn.plan.unresolved')}
                  />
                );
              })}
            </Space>
          )}
        </Card>
      </Col>
      {editable && (
        <Col xs={24} lg={14}>
          <Card size="small" title={t('conn.actions.plan')}>
            {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
            <Form
              form={form}
              layout="vertical"
              onFinish={save}
              initialValues={{
                transformerId: p?.transformerId ?? undefined,
                supplyMode: p?.supplyMode,
                hasNew: !!n,
                kva: n?.kva ?? a.requestedKva,
                tVoltage: n?.voltageKv ?? a.voltageKv,
                type: n?.type ?? 'dry',
                indoor: n?.indoor,
                hvRoom: n?.hvRoom,
                hvMetering: n?.hvMetering,
                ctPrimaryA: n?.ctPrimaryA,
                ...a.customerChoices,
                fees: a.fees.map((f) => f.code),
                ...Object.fromEntries((p?.overrides ?? []).map((o) => [`o_${o.check}`, o.reason])),
              }}
            >
              <Row gutter={12}>
                <Col span={8}>
                  <Form.Item name="transformerId" label={t('conn.plan.transformerId')}>
                    <TransformerSelect current={p?.transformer ?? null} data-testid="conn-plan-transformer" />
                  </Form.Item>
                </Col>
                <Col span={16}>
                  <Form.Item name="supplyMode" label={t('conn.plan.supplyMode')} rules={[{ required: true }]}>
                    <Input maxLength={500} data-testid="conn-plan-mode" />
                  </Form.Item>
                </Col>
              </Row>
              <Form.Item name="hasNew" valuePropName="checked">
                <Checkbox>{t('conn.plan.newTransformer')}</Checkbox>
              </Form.Item>
              {hasNew && (
                <Row gutter={12}>
                  <Col span={6}>
                    <Form.Item name="kva" label={t('conn.plan.kva')}>
                      <InputNumber min={1} style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                  <Col span={6}>
                    <Form.Item name="tVoltage" label={t('conn.plan.tVoltage')}>
                      <InputNumber min={0.4} style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                  <Col span={6}>
                    <Form.Item name="type" label={t('conn.plan.type')}>
                      <Select
                        options={[
                          { value: 'dry', label: t('conn.plan.dry') },
                          { value: 'oil', label: t('conn.plan.oil') },
                        ]}
                      />
                    </Form.Item>
                  </Col>
                  <Col span={6}>
                    <Form.Item name="ctPrimaryA" label={t('conn.plan.ctPrimaryA')}>
                      <InputNumber min={1} style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                  <Col span={8}>
                    <Form.Item name="indoor" valuePropName="checked">
                      <Checkbox>{t('conn.plan.indoor')}</Checkbox>
                    </Form.Item>
                  </Col>
                  <Col span={8}>
                    <Form.Item name="hvRoom" valuePropName="checked">
                      <Checkbox>{t('conn.plan.hvRoom')}</Checkbox>
                    </Form.Item>
                  </Col>
                  <Col span={8}>
                    <Form.Item name="hvMetering" valuePropName="checked">
                      <Checkbox>{t('conn.plan.hvMetering')}</Checkbox>
                    </Form.Item>
                  </Col>
                </Row>
              )}
              {(p?.warnings ?? []).map((w) => (
                <Form.Item key={w.check} name={`o_${w.check}`} label={`${t('conn.plan.override')}: ${pick(w)}`}>
                  <Input maxLength={500} />
                </Form.Item>
              ))}
              {a.dedicatedLine && (
                <Row gutter={12}>
                  <Col span={24}>
                    <Typography.Text strong>{t('conn.plan.dedicated')}</Typography.Text>
                  </Col>
                  <Col span={8}>
                    <Form.Item name="dlExisting" label={t('conn.existingKva')}>
                      <InputNumber min={0} style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                  <Col span={8}>
                    <Form.Item name="dlYears" label={t('conn.plan.existingYears')}>
                      <InputNumber min={0} style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                  <Col span={8}>
                    <Form.Item name="dlLong" label={t('conn.longTermKva')}>
                      <InputNumber min={0} style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                  <Col span={8}>
                    <Form.Item name="dlFirst" label={t('conn.plan.firstApplicationKva')}>
                      <InputNumber min={0} style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                  <Col span={8}>
                    <Form.Item name="dlYear" label={t('conn.plan.withinOneYearKva')}>
                      <InputNumber min={0} style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                  <Col span={8}>
                    <Form.Item name="dlBay" valuePropName="checked" label=" ">
                      <Checkbox>{t('conn.plan.freeBay')}</Checkbox>
                    </Form.Item>
                  </Col>
                </Row>
              )}
              <Typography.Text strong>{t('conn.plan.choices')}</Typography.Text>
              <Typography.Paragraph type="secondary">{t('conn.plan.choicesHint')}</Typography.Paragraph>
              <Row gutter={12}>
                {['designFirm', 'constructionFirm', 'equipmentSupplier'].map((k) => (
                  <Col span={8} key={k}>
                    <Form.Item name={k} label={t(`conn.plan.${k}`)}>
                      <Input maxLength={200} />
                    </Form.Item>
                  </Col>
                ))}
              </Row>
              <Form.Item name="fees" label={t('conn.plan.fees')}>
                <Select
                  mode="multiple"
                  options={d.publishedFees.map((f) => ({
                    value: f.code,
                    label: `${i18n.language.startsWith('en') ? f.nameEn : f.nameZh} · ${t('conn.fees.perUnit', { amount: (f.amountFen / 100).toFixed(2), unit: f.unit })}`,
                  }))}
                />
              </Form.Item>
              <Button type="primary" htmlType="submit" data-testid="conn-plan-save">
                {t('common.save')}
              </Button>
              {p && p.unresolved.length > 0 && (
                <Space style={{ marginLeft: 12 }}>
                  {p.unresolved.map((w) => (
                    <Tag key={w.check} color="orange">
                      {pick(w)}
                    </Tag>
                  ))}
                </Space>
              )}
            </Form>
          </Card>
        </Col>
      )}
    </Row>
  );
}
