/** One outage step with what it needs: ETR, crew (nearest available first), cause on restoration, confirmation source. */
import { useEffect, useState } from 'react';
import { Alert, Checkbox, DatePicker, Form, Input, Modal, Radio, Select, Tag } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { dispatch, outages, type OutageAction, type OutageActionBody, type OutageDetail } from '../../api/outages';
import { applyFormErrors } from '../../components/formErrors';
import { label } from '../../components/labels';
import { CAUSES } from './outageActions';

export default function OutageActionModal({
  outage,
  action,
  onClose,
  onDone,
}: {
  outage: OutageDetail;
  action: OutageAction;
  onClose: () => void;
  onDone: (o: OutageDetail) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // the server ranks crews (skills, shift, status, position age, travel time); the dispatcher confirms or overrides
  const sugg = useQuery({ queryKey: ['dispatch-suggestions', outage.id], queryFn: () => dispatch.suggestions(outage.id), enabled: action === 'assign' });
  const crewOptions = [
    ...(sugg.data?.ranked ?? []).map((r, i) => ({
      value: r.crewId,
      label: (
        <span>
          {r.name}{' '}
          <span style={{ opacity: 0.7 }}>
            {t('outage.distanceKm', { km: r.km.toFixed(1) })} · {t('common.minutes', { count: Math.round(r.minutes) })}
          </span>
          {i === 0 && !r.declined && (
            <Tag color="green" style={{ marginLeft: 6 }}>
              {t('outage.suggested')}
            </Tag>
          )}
          {r.declined && (
            <Tag color="red" style={{ marginLeft: 6 }}>
              {t('outage.declinedEarlier')}
            </Tag>
          )}
        </span>
      ),
    })),
    ...(sugg.data?.excluded ?? []).map((x) => ({
      value: x.crewId,
      label: (
        <span>
          {x.name} <Tag color="default">{label('outage.exclusions', x.reason)}</Tag>
        </span>
      ),
    })),
  ];

  useEffect(() => {
    const first = sugg.data?.ranked[0];
    if (first && !form.getFieldValue('crewId')) form.setFieldsValue({ crewId: first.crewId });
  }, [sugg.data, form]);

  async function submit() {
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      const body: OutageActionBody = {};
      if (v.etr) body.etr = v.etr.toISOString();
      if (v.crewId) body.crewId = v.crewId;
      if (v.causeClass) body.causeClass = v.causeClass;
      if (v.causeNote) body.causeNote = v.causeNote;
      if (action === 'restore') body.customerSide = !!v.customerSide;
      if (v.source) body.source = v.source;
      if (action === 'decline') body.reason = v.reason;
      onDone(await outages.act(outage.id, action, body));
    } catch (e) {
      setError(applyFormErrors(form, e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open
      title={`${label('outage.actions', action)} · ${outage.outageNo}`}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={busy}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'outage-action-submit', danger: action === 'cancel' } as never}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="outage-action-error" />}
      <Form form={form} layout="vertical" initialValues={{ source: 'callback', etr: action === 'etr' && outage.etr ? dayjs(outage.etr) : undefined }}>
        {(action === 'confirm' || action === 'etr') && (
          <Form.Item name="etr" label={t('outage.etr')} extra={action === 'confirm' ? t('outage.etrHint') : undefined} rules={[{ required: action === 'etr' }]}>
            <DatePicker showTime style={{ width: '100%' }} disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
          </Form.Item>
        )}
        {action === 'assign' && (
          <Form.Item
            name="crewId"
            label={t('outage.crew')}
            rules={[{ required: true }]}
            extra={
              sugg.data?.requiredSkills.length
                ? `${t('crew.skills')}: ${sugg.data.requiredSkills.map((s) => label('crew.skillNames', s)).join('、')}`
                : undefined
            }
          >
            <Select loading={sugg.isLoading} data-testid="crew-select" notFoundContent={t('outage.noCrew')} options={crewOptions} />
          </Form.Item>
        )}
        {action === 'restore' && (
          <>
            <Form.Item name="causeClass" label={t('outage.cause')} rules={[{ required: true }]}>
              <Select options={CAUSES.map((c) => ({ value: c, label: label('outage.causes', c) }))} data-testid="cause-select" />
            </Form.Item>
            <Form.Item name="causeNote" label={t('outage.causeNote')} rules={[{ max: 500 }]}>
              <Input.TextArea rows={2} />
            </Form.Item>
            <Form.Item name="customerSide" valuePropName="checked">
              <Checkbox>{t('outage.customerSide')}</Checkbox>
            </Form.Item>
          </>
        )}
        {action === 'decline' && (
          <Form.Item
            name="reason"
            label={t('outage.declineReason')}
            extra={t('outage.declineHint')}
            rules={[{ required: true, whitespace: true }, { max: 500 }]}
          >
            <Input.TextArea rows={3} data-testid="decline-reason" />
          </Form.Item>
        )}
        {action === 'confirm-restoration' && (
          <Form.Item name="source" label={t('outage.source')} rules={[{ required: true }]}>
            <Radio.Group options={['callback', 'meter'].map((s) => ({ value: s, label: t(`outage.sources.${s}`) }))} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
