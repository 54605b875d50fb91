/** Call-taker console (受理台): intake form, screen-pop, knowledge search; the result is read back to the caller. */
import { useCallback, useEffect, useRef, useState } from 'react';
import { Alert, App, Card, Col, Form, Row } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { wo, type IntakeBody, type Order, type OrderRef } from '../../api/workorders';
import { dispatch, type CallAnswer } from '../../api/outages';
import { applyFormErrors } from '../../components/formErrors';
import { newKey } from '../../components/ids';
import IntakeForm, { type IntakeValues } from './IntakeForm';
import ScreenPop, { type PopSelection } from './ScreenPop';
import KnowledgePanel from './KnowledgePanel';
import IntakeResult from './IntakeResult';

export interface Outcome {
  order: Order;
  duplicates: OrderRef[];
  call: CallAnswer | null;
  callError: string | null;
  closedOnSpot: boolean;
}

export default function ConsolePage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<IntakeValues>();
  const catalog = useQuery({ queryKey: ['wo-catalog'], queryFn: wo.catalog, staleTime: Infinity });
  const [phone, setPhone] = useState('');
  const [search, setSearch] = useState('');
  const [sel, setSel] = useState<PopSelection>({});
  const [kbChoice, setKbChoice] = useState<{ id: number; title: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const key = useRef(newKey());
  const title = Form.useWatch('title', form) ?? '';
  const description = Form.useWatch('description', form) ?? '';
  const typedPhone = Form.useWatch('callerPhone', form) ?? '';

  // the screen-pop follows the caller's number as it is typed (debounced); Enter or leaving the field looks it up at once
  useEffect(() => {
    if (outcome) return;
    const h = setTimeout(() => setPhone(typedPhone.trim()), 350);
    return () => clearTimeout(h);
  }, [typedPhone, outcome]);

  const reset = useCallback(() => {
    form.resetFields();
    setPhone('');
    setSearch('');
    setSel({});
    setKbChoice(null);
    setError(null);
    setOutcome(null);
    key.current = newKey();
    setTimeout(() => document.querySelector<HTMLInputElement>('[data-testid=caller-phone]')?.focus(), 0);
  }, [form]);

  const onSelect = (s: PopSelection) => {
    setSel(s);
    if (s.address) form.setFieldsValue({ address: s.address });
  };

  const submit = useCallback(
    async (closeOnSpot: boolean) => {
      let v: IntakeValues;
      try {
        v = await form.validateFields();
      } catch {
        return;
      }
      setBusy(true);
      setError(null);
      try {
        const body: IntakeBody = { orderType: v.orderType, channel: v.channel, urgency: v.urgency, description: v.description!.trim() };
        if (v.subtype) body.subtype = v.subtype;
        if (v.callerPhone?.trim()) body.callerPhone = v.callerPhone.trim();
        if (v.callerName?.trim()) body.callerName = v.callerName.trim();
        if (v.address?.trim()) body.address = v.address.trim();
        if (v.title?.trim()) body.title = v.title.trim();
        if (v.receivedAt) body.receivedAt = v.receivedAt.toISOString();
        if (sel.customerId) body.customerId = sel.customerId;
        if (sel.servicePointId) body.servicePointId = sel.servicePointId;
        if (kbChoice) body.kbArticleId = kbChoice.id;
        if (v.location) body.location = { lon: v.location.lon, lat: v.location.lat, ...(v.location.text?.trim() ? { text: v.location.text.trim() } : {}) };
        let order: Order;
        let duplicates: OrderRef[];
        let call: CallAnswer | null = null;
        let callError: string | null = null;
        if (v.orderType === 'fault_repair') {
          // the fault order and its trouble call on the network in one request; the answer says whether a known outage covers it
          const { orderType: _t, subtype: _s, kbArticleId: _k, ...fault } = body;
          const r = await dispatch.faultOrder(fault, key.current);
          ({ order, duplicates, call } = r);
          if (!call && sel.customerId && !sel.servicePointId) callError = t('console.noServicePoint');
        } else {
          const r = await wo.intake(body, key.current);
          ({ order, duplicates } = r);
        }
        if (closeOnSpot && kbChoice) order = await wo.transition(order.id, { action: 'close_on_spot', kbArticleId: kbChoice.id, result: kbChoice.title });
        setOutcome({ order, duplicates, call, callError, closedOnSpot: closeOnSpot });
        message.success(t('console.created', { no: order.orderNo }));
        void qc.invalidateQueries({ queryKey: ['queue'] });
        void qc.invalidateQueries({ queryKey: ['pop-dups'] });
        void qc.invalidateQueries({ queryKey: ['cti'] });
      } catch (e) {
        setError(applyFormErrors(form, e));
      } finally {
        setBusy(false);
      }
    },
    [form, sel, kbChoice, message, t, qc],
  );

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={14}>
        <Card title={t('nav.console')}>
          {error && (
            <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="intake-error" closable={{ onClose: () => setError(null) }} />
          )}
          {outcome ? (
            <IntakeResult outcome={outcome} onNew={reset} />
          ) : (
            <IntakeForm form={form} catalog={catalog.data} busy={busy} kbTitle={kbChoice?.title} onSubmit={submit} onPhone={setPhone} onNew={reset} />
          )}
        </Card>
      </Col>
      <Col xs={24} xl={10}>
        <ScreenPop phone={phone} search={search} onSearch={setSearch} selection={sel} onSelect={onSelect} />
        <div style={{ height: 12 }} />
        <KnowledgePanel text={`${title} ${description}`} chosen={kbChoice?.id} onChoose={(id, tt) => setKbChoice(id ? { id, title: tt ?? '' } : null)} />
      </Col>
    </Row>
  );
}
