/** An anonymous caller identified later: pick the customer (and address); the match is recorded in the timeline. */
import { useState } from 'react';
import { Alert, Button, Form, Modal, Select } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { call, http } from '../../../api/http';
import { wo, type Order } from '../../../api/workorders';
import { applyFormErrors } from '../../../components/formErrors';
import { useDebounced } from '../../../components/useDebounced';

export default function MatchCustomer({ order, onDone }: { order: Order; onDone: () => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  const [text, setText] = useState(order.callerPhone && !order.callerPhone.includes('*') ? order.callerPhone : '');
  const [error, setError] = useState<string | null>(null);
  const q = useDebounced(text.trim(), 300);
  const customerId = Form.useWatch('customerId', form);
  const found = useQuery({
    queryKey: ['match-customers', q],
    queryFn: ({ signal }) => call(http.GET('/api/customers', { params: { query: { q, limit: 10, offset: 0 } }, signal }), signal),
    enabled: open && q.length >= 2,
  });
  const cust = useQuery({
    queryKey: ['customer', customerId],
    queryFn: ({ signal }) => call(http.GET('/api/customers/{id}', { params: { path: { id: customerId! } }, signal }), signal),
    enabled: !!customerId,
  });
  async function save() {
    const v = await form.validateFields();
    try {
      await wo.match(order.id, v.customerId, v.servicePointId);
      setOpen(false);
      onDone();
    } catch (e) {
      setError(applyFormErrors(form, e));
    }
  }
  return (
    <>
      <Button size="small" onClick={() => setOpen(true)}>
        {t('wo.matchCustomer')}
      </Button>
      <Modal
        open={open}
        title={t('wo.matchCustomer')}
        onCancel={() => setOpen(false)}
        onOk={save}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        destroyOnHidden
      >
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Form form={form} layout="vertical">
          <Form.Item name="customerId" label={t('wo.customer')} rules={[{ required: true }]}>
            <Select
              showSearch={{ filterOption: false, onSearch: setText }}
              loading={found.isFetching}
              placeholder={t('customer.searchPlaceholder')}
              options={(found.data?.items ?? []).map((c) => ({
                value: c.id,
                label: `${c.name} · ${c.phone ?? ''} · ${c.accountNos.join(',')} · ${c.address ?? ''}`,
              }))}
            />
          </Form.Item>
          <Form.Item name="servicePointId" label={t('console.servicePoint')}>
            <Select allowClear loading={cust.isLoading} options={(cust.data?.servicePoints ?? []).map((s) => ({ value: s.id, label: s.address }))} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
