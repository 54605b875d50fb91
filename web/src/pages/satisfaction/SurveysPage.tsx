/** Survey designer and results: surveys per touch point with their versions, the question editor, publish/retire, invitations, results. */
import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Descriptions,
  Drawer,
  Form,
  Input,
  InputNumber,
  Progress,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { satisfaction, type Question, type Survey, type SurveyBody } from '../../api/satisfaction';
import { useAuth } from '../../app/auth';
import { applyFormErrors } from '../../components/formErrors';
import { LoadError } from '../../components/Problems';
import { fmtTime } from '../../components/time';

const TOUCH = ['repair', 'complaint', 'connection', 'billing', 'service_hall'] as const;
const TYPES = ['scale5', 'scale10', 'choice', 'text'] as const;
const ORDER_TYPES = ['fault_repair', 'complaint', 'consultation', 'service_request', 'report', 'suggestion', 'praise'];
const CHANNELS = ['phone', 'web', 'mobile', 'counter', 'letter', 'fax', 'email', 'ref_12398', 'ref_12345'];
const STATUS_COLOR: Record<string, string> = { draft: 'gold', published: 'green', retired: 'default' };

type FormQuestion = Omit<Question, 'options' | 'role'> & { role?: string; optionsText?: string };
type FormValues = Omit<SurveyBody, 'questions'> & { questions: FormQuestion[] };

const toForm = (s: Survey): FormValues => ({
  name: s.name,
  touchPoint: s.touchPoint,
  sampling: s.sampling,
  questions: s.questions.map((q) => ({ ...q, role: q.role ?? 'none', optionsText: (q.options ?? []).map((o) => `${o.value}|${o.zh}|${o.en}`).join('\n') })),
});
const fromForm = (v: FormValues): SurveyBody => ({
  name: v.name,
  touchPoint: v.touchPoint,
  sampling: v.sampling,
  questions: v.questions.map(({ optionsText, role, ...q }) => ({
    ...q,
    role: role === 'overall' || role === 'attribute' ? role : null,
    attribute: role === 'attribute' ? q.attribute : null,
    options:
      q.type === 'choice'
        ? (optionsText ?? '')
            .split('\n')
            .map((l) => l.trim())
            .filter(Boolean)
            .map((l) => {
              const [value, zh, en] = l.split('|').map((x) => x.trim());
              return { value, zh: zh || value, en: en || zh || value };
            })
        : undefined,
  })),
});

const blank: FormValues = {
  name: '',
  touchPoint: 'repair',
  questions: [
    { key: 'overall', type: 'scale5', textZh: '您对本次服务总体是否满意？', textEn: 'Overall, how satisfied are you?', required: true, role: 'overall' },
  ],
};

function Results({ id }: { id: number }) {
  const { t } = useTranslation();
  const q = useQuery({ queryKey: ['sat-results', id], queryFn: () => satisfaction.results(id) });
  if (q.error) return <LoadError error={q.error} />;
  const r = q.data;
  if (!r) return null;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Descriptions size="small" column={3} bordered>
        <Descriptions.Item label={t('sat.invitations')}>{r.invitations}</Descriptions.Item>
        <Descriptions.Item label={t('sat.answered')}>{r.answered}</Descriptions.Item>
        <Descriptions.Item label={t('sat.expired')}>{r.expired}</Descriptions.Item>
      </Descriptions>
      {r.questions.map((qq) => {
        const def = r.survey.questions.find((x) => x.key === qq.key);
        const max = Math.max(1, ...qq.distribution.map((d) => d.count));
        return (
          <Card key={qq.key} size="small" title={`${def?.textZh ?? qq.key} (n=${qq.answered})`} extra={qq.index !== null && `${t('sat.index')} ${qq.index}`}>
            {qq.type === 'text'
              ? qq.comments.map((c, i) => <Typography.Paragraph key={i}>“{c}”</Typography.Paragraph>)
              : qq.distribution.map((d) => (
                  <Row key={d.value} gutter={8}>
                    <Col span={4}>{def?.options?.find((o) => o.value === d.value)?.zh ?? d.value}</Col>
                    <Col span={20}>
                      <Progress percent={Math.round((100 * d.count) / max)} format={() => d.count} size="small" />
                    </Col>
                  </Row>
                ))}
          </Card>
        );
      })}
    </Space>
  );
}

export default function SurveysPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const { can } = useAuth();
  const canEdit = can('satisfaction.admin');
  const [editing, setEditing] = useState<Survey | 'new' | null>(null);
  const [resultsOf, setResultsOf] = useState<number | null>(null);
  const [form] = Form.useForm<FormValues>();
  const [formError, setFormError] = useState<string | null>(null);
  const list = useQuery({ queryKey: ['sat-surveys'], queryFn: () => satisfaction.surveys({ limit: 200 }) });
  const refresh = () => void qc.invalidateQueries({ queryKey: ['sat-surveys'] });
  const save = useMutation({
    mutationFn: (v: FormValues) =>
      editing === 'new' || !editing ? satisfaction.createSurvey(fromForm(v)) : satisfaction.updateSurvey(editing.id, fromForm(v)),
    onSuccess: () => {
      setEditing(null);
      refresh();
    },
    onError: (e) => setFormError(applyFormErrors(form, e)),
  });
  const act = useMutation({
    mutationFn: async ({ id, what }: { id: number; what: 'publish' | 'retire' | 'invite' }) => {
      if (what === 'invite') {
        const r = await satisfaction.invite(id);
        message.success(t('sat.invited', { n: r.invited, c: r.candidates }));
        return;
      }
      await (what === 'publish' ? satisfaction.publish(id) : satisfaction.retire(id));
    },
    onSuccess: refresh,
    onError: (e) => message.error(e instanceof Error ? e.message : String(e)),
  });
  const open = (s: Survey | 'new') => {
    setFormError(null);
    form.resetFields();
    form.setFieldsValue(s === 'new' ? blank : toForm(s));
    setEditing(s);
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('sat.nav.surveys')}
        </Typography.Title>
        {canEdit && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')} data-testid="survey-new">
            {t('sat.newSurvey')}
          </Button>
        )}
      </Space>
      {list.error && <LoadError error={list.error} onRetry={() => list.refetch()} />}
      <Table<Survey>
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data?.items}
        pagination={false}
        columns={[
          { title: t('sat.name'), dataIndex: 'name' },
          { title: t('sat.touchPoint'), dataIndex: 'touchPoint', render: (v: string) => t(`sat.touchPoints.${v}`) },
          { title: t('sat.version'), dataIndex: 'version', render: (v: number) => `v${v}` },
          { title: t('user.status'), dataIndex: 'status', render: (v: string) => <Tag color={STATUS_COLOR[v]}>{t(`sat.status.${v}`)}</Tag> },
          { title: t('sat.invitations'), dataIndex: 'invitations' },
          { title: t('sat.answered'), dataIndex: 'responses' },
          { title: t('sat.status.published'), dataIndex: 'publishedAt', render: (v: string | null) => (v ? fmtTime(v) : '—') },
          {
            title: t('common.actions'),
            render: (_, s) => (
              <Space wrap>
                <Button size="small" onClick={() => setResultsOf(s.id)}>
                  {t('sat.results')}
                </Button>
                {canEdit && s.status !== 'retired' && (
                  <Button size="small" onClick={() => open(s)}>
                    {t('common.edit')}
                  </Button>
                )}
                {canEdit && s.status === 'draft' && (
                  <Button size="small" type="primary" onClick={() => act.mutate({ id: s.id, what: 'publish' })}>
                    {t('sat.publish')}
                  </Button>
                )}
                {canEdit && s.status === 'published' && (
                  <>
                    <Button size="small" onClick={() => act.mutate({ id: s.id, what: 'invite' })}>
                      {t('sat.invite')}
                    </Button>
                    <Button size="small" danger onClick={() => act.mutate({ id: s.id, what: 'retire' })}>
                      {t('sat.retire')}
                    </Button>
                  </>
                )}
              </Space>
            ),
          },
        ]}
      />
      <Drawer
        width={860}
        open={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? t('sat.newSurvey') : t('sat.editSurvey')}
        extra={
          <Button type="primary" onClick={() => form.submit()} loading={save.isPending} data-testid="survey-save">
            {t('common.save')}
          </Button>
        }
      >
        {editing !== null && editing !== 'new' && editing.status === 'published' && (
          <Alert type="warning" showIcon message={t('sat.publishedFrozen')} style={{ marginBottom: 12 }} />
        )}
        {formError && <Alert type="error" showIcon message={formError} style={{ marginBottom: 12 }} />}
        <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)}>
          <Row gutter={12}>
            <Col span={14}>
              <Form.Item name="name" label={t('sat.name')} rules={[{ required: true }]}>
                <Input maxLength={100} />
              </Form.Item>
            </Col>
            <Col span={10}>
              <Form.Item name="touchPoint" label={t('sat.touchPoint')} rules={[{ required: true }]}>
                <Select options={TOUCH.map((x) => ({ value: x, label: t(`sat.touchPoints.${x}`) }))} />
              </Form.Item>
            </Col>
          </Row>
          <Typography.Title level={5}>{t('sat.questions')}</Typography.Title>
          <Form.List name="questions">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Card key={f.key} size="small" style={{ marginBottom: 8 }} extra={<MinusCircleOutlined onClick={() => remove(f.name)} />}>
                    <Row gutter={8}>
                      <Col span={6}>
                        <Form.Item name={[f.name, 'key']} label={t('sat.qKey')} rules={[{ required: true }]}>
                          <Input />
                        </Form.Item>
                      </Col>
                      <Col span={6}>
                        <Form.Item name={[f.name, 'type']} label={t('sat.qType')} rules={[{ required: true }]}>
                          <Select options={TYPES.map((x) => ({ value: x, label: t(`sat.qTypes.${x}`) }))} />
                        </Form.Item>
                      </Col>
                      <Col span={6}>
                        <Form.Item name={[f.name, 'role']} label={t('sat.qRole')} initialValue="none">
                          <Select options={['none', 'overall', 'attribute'].map((x) => ({ value: x, label: t(`sat.roles.${x}`) }))} />
                        </Form.Item>
                      </Col>
                      <Col span={6}>
                        <Form.Item name={[f.name, 'attribute']} label={t('sat.qAttribute')}>
                          <Input />
                        </Form.Item>
                      </Col>
                      <Col span={10}>
                        <Form.Item name={[f.name, 'textZh']} label={t('sat.qTextZh')} rules={[{ required: true }]}>
                          <Input />
                        </Form.Item>
                      </Col>
                      <Col span={10}>
                        <Form.Item name={[f.name, 'textEn']} label={t('sat.qTextEn')} rules={[{ required: true }]}>
                          <Input />
                        </Form.Item>
                      </Col>
                      <Col span={4}>
                        <Form.Item name={[f.name, 'required']} label={t('sat.qRequired')} valuePropName="checked" initialValue={false}>
                          <Checkbox />
                        </Form.Item>
                      </Col>
                      <Form.Item noStyle shouldUpdate>
                        {() =>
                          form.getFieldValue(['questions', f.name, 'type']) === 'choice' && (
                            <Col span={24}>
                              <Form.Item name={[f.name, 'optionsText']} label={t('sat.qOptions')}>
                                <Input.TextArea rows={3} />
                              </Form.Item>
                            </Col>
                          )
                        }
                      </Form.Item>
                    </Row>
                  </Card>
                ))}
                <Button onClick={() => add({ type: 'scale5', required: true, role: 'attribute' })} icon={<PlusOutlined />}>
                  {t('sat.addQuestion')}
                </Button>
              </>
            )}
          </Form.List>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('sat.sampling')}
          </Typography.Title>
          <Row gutter={8}>
            <Col span={6}>
              <Form.Item name={['sampling', 'percent']} label={t('sat.percent')}>
                <InputNumber min={0} max={100} />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item name={['sampling', 'withinDays']} label={t('sat.withinDays')}>
                <InputNumber min={1} max={90} />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item name={['sampling', 'maxPerRun']} label={t('sat.maxPerRun')}>
                <InputNumber min={1} max={10000} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name={['sampling', 'orderTypes']} label={t('sat.orderTypes')}>
                <Select mode="multiple" options={ORDER_TYPES.map((x) => ({ value: x, label: t(`wo.types.${x}`) }))} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name={['sampling', 'channels']} label={t('sat.channels')}>
                <Select mode="multiple" options={CHANNELS.map((x) => ({ value: x, label: t(`wo.channels.${x}`) }))} />
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </Drawer>
      <Drawer width={720} open={resultsOf !== null} onClose={() => setResultsOf(null)} title={t('sat.results')}>
        {resultsOf !== null && <Results id={resultsOf} />}
      </Drawer>
    </Space>
  );
}
