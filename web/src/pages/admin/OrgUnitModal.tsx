/** Create (POST /api/org-units) or edit (PATCH /api/org-units/:id) an org unit; server field errors on the form. */
import { useState } from 'react';
import { Alert, Form, Input, Modal, Select, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { call, http, type BodyOf } from '../../api/http';
import type { OrgUnit } from '../../api/types';
import { applyFormErrors } from '../../components/formErrors';
import { AREA_TYPES, childLevels } from './orgTree';

interface Props {
  mode: 'create' | 'edit';
  parent: OrgUnit | null;
  unit?: OrgUnit;
  onClose: () => void;
  onSaved: (id: number) => void;
}

export default function OrgUnitModal({ mode, parent, unit, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const levels = childLevels(parent);

  async function save() {
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      if (mode === 'create' && parent) {
        const r = await call(
          http.POST('/api/org-units', {
            body: { parentId: parent.id, code: v.code, name: v.name, ...(v.nameEn ? { nameEn: v.nameEn } : {}), level: v.level, areaType: v.areaType },
          }),
        );
        onSaved(r.id);
      } else if (unit) {
        const body: BodyOf<'/api/org-units/{id}', 'patch'> = {};
        if (v.name !== unit.name) body.name = v.name;
        if ((v.nameEn ?? '') !== (unit.nameEn ?? '')) body.nameEn = v.nameEn;
        if (v.areaType !== unit.areaType) body.areaType = v.areaType;
        if (v.active !== unit.active) body.active = v.active;
        if (Object.keys(body).length) await call(http.PATCH('/api/org-units/{id}', { params: { path: { id: unit.id } }, body }));
        onSaved(unit.id);
      }
    } catch (e) {
      setError(applyFormErrors(form, e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open
      title={mode === 'create' ? t('org.addChild') : t('org.editUnit')}
      onCancel={onClose}
      onOk={save}
      confirmLoading={busy}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="form-error" />}
      <Form
        form={form}
        layout="vertical"
        initialValues={unit ? { ...unit, nameEn: unit.nameEn ?? '' } : { level: levels[0], areaType: parent?.areaType ?? 'urban' }}
      >
        {parent && (
          <Form.Item label={t('org.parent')}>
            <Input value={parent.name} disabled />
          </Form.Item>
        )}
        <Form.Item name="code" label={t('org.code')} rules={[{ required: mode === 'create', max: 32 }]}>
          <Input disabled={mode === 'edit'} className="gd-mono" />
        </Form.Item>
        <Form.Item name="name" label={t('org.name')} rules={[{ required: true, max: 100 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="nameEn" label={t('org.nameEn')} rules={[{ max: 100 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="level" label={t('org.level')} rules={[{ required: true }]}>
          <Select
            disabled={mode === 'edit'}
            options={(mode === 'edit' && unit ? [unit.level] : levels).map((l) => ({ value: l, label: t(`org.levels.${l}`) }))}
          />
        </Form.Item>
        <Form.Item name="areaType" label={t('org.areaType')} rules={[{ required: true }]}>
          <Select options={AREA_TYPES.map((a) => ({ value: a, label: t(`org.areaTypes.${a}`) }))} />
        </Form.Item>
        {mode === 'edit' && (
          <Form.Item name="active" label={t('org.active')} valuePropName="checked">
            <Switch />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
