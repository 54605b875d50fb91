/** Callback workbench (回访): pending callbacks oldest first; the result closes the order or, if dissatisfied, reopens it. */
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, App, Button, Card, Checkbox, Form, Input, Modal, Radio, Rate, Segmented, Table, Tag, Typography } from 'antd';
import { useQuery, keepPreviousData, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { call, http, type BodyOf, type Reply } from '../../api/http';
import { LoadError } from '../../components/Problems';
import { applyFormErrors } from '../../components/formErrors';
import { label } from '../../components/labels';
import { fmtTime } from '../../components/time';
import { TypeTag } from '../../components/wo/tags';

type Row = Reply<'/api/callbacks', 'get'>['items'][number];

const RESULTS = ['satisfied', 'basically_satisfied', 'dissatisfied', 'unreachable'];

export default function CallbacksPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [status, setStatus] = useState<'pending' | 'done'>('pending');
  const [page, setPage] = useState(0);
  const [rec, setRec] = useState<Row | null>(null);
  const q = useQuery({
    queryKey: ['callbacks', status, page],
    queryFn: ({ signal }) => call(http.GET('/api/callbacks', { params: { query: { status, limit: 30, offset: page * 30 } }, signal }), signal),
    placeholderData: keepPreviousData,
  });
  return (
    <Card>
      <div className="gd-page-title">
        <Typography.Title level={3}>{t('cb.title')}</Typography.Title>
        <Segmented
          value={status}
          onChange={(v) => {
            setStatus(v as 'pending');
            setPage(0);
          }}
          options={[
            { value: 'pending', label: t('cb.pending') },
            { value: 'done', label: t('cb.done') },
          ]}
        />
      </div>
      {q.error ? (
        <LoadError error={q.error} onRetry={() => q.refetch()} />
      ) : (
        <Table<Row>
          rowKey="id"
          size="middle"
          loading={q.isFetching}
          dataSource={q.data?.items ?? []}
          scroll={{ x: 'max-content' }}
          pagination={{
            current: page + 1,
            pageSize: 30,
            total: page * 30 + (q.data?.items.length ?? 0) + ((q.data?.items.length ?? 0) === 30 ? 1 : 0),
            onChange: (p) => setPage(p - 1),
            showSizeChanger: false,
          }}
          columns={[
            {
              title: t('wo.orderNo'),
              dataIndex: 'orderNo',
              render: (v, r) => (
                <Link to={`/orders/${r.orderId}`} className="gd-mono">
                  {v}
                </Link>
              ),
            },
            { title: t('wo.type'), key: 'type', render: (_, r) => <TypeTag type={r.orderType} subtype={r.subtype} /> },
            { title: t('wo.title'), dataIndex: 'title', ellipsis: true, width: 220 },
            { title: t('cb.handlingResult'), dataIndex: 'handlingResult', ellipsis: true, width: 220 },
            { title: t('cb.why'), dataIndex: 'reason' },
            { title: t('cb.createdAt'), dataIndex: 'createdAt', render: fmtTime },
            ...(status === 'done'
              ? [
                  {
                    title: t('cb.result'),
                    dataIndex: 'result',
                    render: (v: string) =>
                      v && <Tag color={v === 'dissatisfied' ? 'red' : v === 'unreachable' ? 'default' : 'green'}>{label('wo.callbackResults', v)}</Tag>,
                  },
                  { title: t('cb.doneAt'), dataIndex: 'doneAt', render: fmtTime },
                ]
              : [
                  {
                    title: t('common.actions'),
                    key: 'a',
                    render: (_: unknown, r: Row) => (
                      <Button type="primary" size="small" onClick={() => setRec(r)} data-testid={`cb-record-${r.orderNo}`}>
                        {t('cb.record')}
                      </Button>
                    ),
                  },
                ]),
          ]}
        />
      )}
      {rec && (
        <RecordModal
          row={rec}
          onClose={() => setRec(null)}
          onDone={() => {
            setRec(null);
            message.success(t('cb.saved'));
            void q.refetch();
            void qc.invalidateQueries({ queryKey: ['order', rec.orderId] });
          }}
        />
      )}
    </Card>
  );
}

function RecordModal({ row, onClose, onDone }: { row: Row; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const result = Form.useWatch('result', form);
  const repair = row.orderType === 'fault_repair';
  async function submit() {
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      const body: BodyOf<'/api/callbacks/{id}/result', 'post'> = { result: v.result };
      if (v.reason) body.reason = v.reason;
      if (repair) body.powerRestored = !!v.powerRestored;
      if (v.score) body.score = v.score;
      await call(http.POST('/api/callbacks/{id}/result', { params: { path: { id: row.id } }, body }));
      onDone();
    } catch (e) {
      setError(applyFormErrors(form, e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Modal
      open
      title={`${t('cb.record')} · ${row.orderNo}`}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={busy}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'cb-submit' } as never}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Typography.Paragraph type="secondary">{row.handlingResult}</Typography.Paragraph>
      <Form form={form} layout="vertical" initialValues={{ powerRestored: true }}>
        <Form.Item name="result" label={t('cb.result')} rules={[{ required: true }]}>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            options={RESULTS.map((r) => ({ value: r, label: label('wo.callbackResults', r) }))}
            data-testid="cb-result"
          />
        </Form.Item>
        {repair && (
          <Form.Item name="powerRestored" valuePropName="checked">
            <Checkbox>{t('cb.powerRestored')}</Checkbox>
          </Form.Item>
        )}
        <Form.Item name="score" label={t('cb.score')}>
          <Rate />
        </Form.Item>
        <Form.Item name="reason" label={t('wo.reason')} rules={[{ required: result === 'dissatisfied', message: t('cb.reasonRequired') }, { max: 500 }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
