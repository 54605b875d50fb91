/** Create (POST /api/knowledge) or edit (PATCH with version) an article. */
import { useState } from 'react';
import { Alert, App, DatePicker, Form, Input, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { kb, type Article } from '../../api/workorders';
import { ApiError } from '../../api/client';
import { applyFormErrors } from '../../components/formErrors';

export default function ArticleEditor({ article, onClose, onSaved }: { article: Article | null; onClose: () => void; onSaved: (a: Article) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function save() {
    const v = await form.validateFields();
    const body = {
      title: v.title,
      body: v.body,
      category: v.category,
      tags: v.tags ?? [],
      status: v.status,
      validFrom: v.validFrom ? v.validFrom.format('YYYY-MM-DD') : null,
      validTo: v.validTo ? v.validTo.format('YYYY-MM-DD') : null,
    };
    setBusy(true);
    setError(null);
    try {
      const a = article ? await kb.update(article.id, { ...body, version: article.version }) : await kb.create(body);
      message.success(t('kb.saved'));
      onSaved(a);
    } catch (e) {
      setError(e instanceof ApiError && e.status === 409 ? `${e.localized()} ${t('kb.conflict')}` : applyFormErrors(form, e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open
      width={760}
      title={article ? t('kb.editArticle') : t('kb.newArticle')}
      onCancel={onClose}
      onOk={save}
      confirmLoading={busy}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        initialValues={
          article
            ? { ...article, validFrom: article.validFrom ? dayjs(article.validFrom) : undefined, validTo: article.validTo ? dayjs(article.validTo) : undefined }
            : { status: 'published', tags: [] }
        }
      >
        <Form.Item name="title" label={t('kb.articleTitle')} rules={[{ required: true, max: 200 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="category" label={t('kb.category')} rules={[{ required: true, max: 40 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="tags" label={t('kb.tags')}>
          <Select mode="tags" tokenSeparators={[',', '，', ' ']} />
        </Form.Item>
        <Form.Item name="status" label={t('kb.status')}>
          <Select options={['draft', 'published', 'archived'].map((s) => ({ value: s, label: t(`kb.statuses.${s}`) }))} />
        </Form.Item>
        <div style={{ display: 'flex', gap: 12 }}>
          <Form.Item name="validFrom" label={t('kb.validFrom')} style={{ flex: 1 }}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="validTo" label={t('kb.validTo')} style={{ flex: 1 }}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </div>
        <Form.Item name="body" label={t('kb.body')} rules={[{ required: true, max: 20000 }]}>
          <Input.TextArea rows={10} showCount maxLength={20000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
