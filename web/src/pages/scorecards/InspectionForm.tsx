/**
 * Recording a window inspection or secret visit (暗访) from a checklist (docs/scorecards.md
 * "Supervision"): the checklist version valid today, the unit inspected, every item's points (full
 * by default), a finding and a rectification date for each item with points taken off, photos
 * (JPEG/PNG, sent as base64) and notes. The server checks everything again and names each field;
 * its message is shown as it comes. Open rectifications then appear on the supervisor board.
 */
import { useMemo, useState } from 'react';
import { Alert, Button, DatePicker, Drawer, Form, Input, InputNumber, Select, Space, Table, Tag, Typography, Upload, message } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { call, http, type BodyOf, type Reply } from '../../api/http';
import { fileToBase64 } from '../../api/connections';
import OrgSelect from '../../components/OrgSelect';
import { LoadError } from '../../components/Problems';

type Checklist = Reply<'/api/scorecards/checklists', 'get'>[number];
type Body = BodyOf<'/api/scorecards/inspections', 'post'>;
interface ItemState {
  points: number;
  finding: string;
  rectifyBy: Dayjs | null;
}
interface PhotoState {
  uid: string;
  file: File;
  itemCode?: string;
}

export default function InspectionForm({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  const qc = useQueryClient();
  const [checklistId, setChecklistId] = useState<number | undefined>();
  const [orgUnitId, setOrgUnitId] = useState<number | undefined>();
  const [at, setAt] = useState<Dayjs>(dayjs());
  const [notes, setNotes] = useState('');
  const [items, setItems] = useState<Record<string, ItemState>>({});
  const [photos, setPhotos] = useState<PhotoState[]>([]);

  const lists = useQuery({
    queryKey: ['checklists'],
    queryFn: ({ signal }) => call(http.GET('/api/scorecards/checklists', { signal }), signal),
    enabled: open,
  });
  // the versions valid on the inspection's day (the server takes the one valid on that local day)
  const day = at.format('YYYY-MM-DD');
  const valid = useMemo(() => (lists.data ?? []).filter((c) => c.validFrom <= day && (c.validTo === null || c.validTo > day)), [lists.data, day]);
  const checklist: Checklist | undefined = valid.find((c) => c.id === checklistId);
  const itemOf = (code: string, max: number): ItemState => items[code] ?? { points: max, finding: '', rectifyBy: null };
  const setItem = (code: string, max: number, patch: Partial<ItemState>) => setItems((s) => ({ ...s, [code]: { ...itemOf(code, max), ...patch } }));
  const total = checklist ? checklist.items.reduce((s, x) => s + itemOf(x.code, x.points).points, 0) : 0;

  const reset = () => {
    setChecklistId(undefined);
    setOrgUnitId(undefined);
    setNotes('');
    setItems({});
    setPhotos([]);
  };
  const save = useMutation({
    mutationFn: async () => {
      const body: Body = {
        checklistId: checklistId!,
        orgUnitId: orgUnitId!,
        inspectedAt: at.toISOString(),
        notes: notes.trim() || undefined,
        items: checklist!.items.map((x) => {
          const s = itemOf(x.code, x.points);
          const off = s.points < x.points;
          return {
            code: x.code,
            points: s.points,
            finding: off && s.finding.trim() ? s.finding.trim() : undefined,
            rectifyBy: off && s.rectifyBy ? s.rectifyBy.format('YYYY-MM-DD') : undefined,
          };
        }),
        photos: await Promise.all(photos.map(async (p) => ({ fileName: p.file.name, itemCode: p.itemCode, contentBase64: await fileToBase64(p.file) }))),
      };
      return call(http.POST('/api/scorecards/inspections', { body }));
    },
    onSuccess: (r) => {
      message.success(t('score.form.saved', { points: r.points, max: r.maxPoints }));
      qc.invalidateQueries({ queryKey: ['inspections'] });
      qc.invalidateQueries({ queryKey: ['scorecard-board'] });
      reset();
      onClose();
    },
  });
  type ItemRow = Checklist['items'][number];

  return (
    <Drawer open={open} onClose={onClose} size={900} title={t('score.form.title')} destroyOnHidden data-testid="inspection-form">
      {lists.error ? (
        <LoadError error={lists.error} onRetry={() => lists.refetch()} />
      ) : (
        <Form layout="vertical" onFinish={() => save.mutate()}>
          <Space wrap align="start">
            <Form.Item label={t('score.form.checklist')} required>
              <Select
                style={{ width: 280 }}
                value={checklistId}
                onChange={(v) => {
                  setChecklistId(v);
                  setItems({});
                }}
                loading={lists.isLoading}
                data-testid="inspection-checklist"
                options={valid.map((c) => ({
                  value: c.id,
                  label: `${en ? c.nameEn : c.name} v${c.version} (${t(`score.inspections.kinds.${c.kind}`, { defaultValue: c.kind })})`,
                }))}
              />
            </Form.Item>
            <Form.Item label={t('score.form.unit')} required>
              <div data-testid="inspection-unit">
                <OrgSelect value={orgUnitId} onChange={setOrgUnitId} style={{ width: 240 }} />
              </div>
            </Form.Item>
            <Form.Item label={t('score.form.at')} required>
              <DatePicker showTime value={at} onChange={(v) => v && setAt(v)} allowClear={false} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
            </Form.Item>
          </Space>
          {checklist && (
            <>
              <Typography.Paragraph type="secondary">
                {t('score.form.total', { points: total, max: checklist.maxPoints })} · {t('score.form.hint')}
              </Typography.Paragraph>
              <Table<ItemRow>
                rowKey="code"
                size="small"
                pagination={false}
                dataSource={checklist.items}
                data-testid="inspection-items"
                columns={[
                  { title: t('score.form.section'), dataIndex: 'section', width: 100 },
                  { title: t('score.form.item'), key: 'text', render: (_: unknown, x: ItemRow) => `${x.code} ${en ? x.textEn : x.text}` },
                  {
                    title: t('score.points'),
                    key: 'points',
                    width: 130,
                    render: (_: unknown, x: ItemRow) => (
                      <Space>
                        <InputNumber
                          min={0}
                          max={x.points}
                          precision={0}
                          value={itemOf(x.code, x.points).points}
                          onChange={(v) => setItem(x.code, x.points, { points: v ?? 0 })}
                          data-testid={`inspection-points-${x.code}`}
                          style={{ width: 64 }}
                        />
                        <span>/ {x.points}</span>
                      </Space>
                    ),
                  },
                  {
                    title: t('score.form.finding'),
                    key: 'finding',
                    render: (_: unknown, x: ItemRow) => {
                      const s = itemOf(x.code, x.points);
                      if (s.points >= x.points) return <Tag color="green">{t('score.form.ok')}</Tag>;
                      return (
                        <Space orientation="vertical" size={4} style={{ width: '100%' }}>
                          <Input
                            value={s.finding}
                            maxLength={500}
                            placeholder={t('score.form.findingHint')}
                            onChange={(e) => setItem(x.code, x.points, { finding: e.target.value })}
                            data-testid={`inspection-finding-${x.code}`}
                          />
                          <DatePicker
                            value={s.rectifyBy}
                            placeholder={t('score.form.rectifyBy')}
                            onChange={(v) => setItem(x.code, x.points, { rectifyBy: v })}
                            data-testid={`inspection-rectify-${x.code}`}
                          />
                        </Space>
                      );
                    },
                  },
                ]}
              />
              <Form.Item label={t('score.form.photos')} style={{ marginTop: 16 }} extra={t('score.form.photosHint')}>
                <Upload
                  accept=".jpg,.jpeg,.png"
                  multiple
                  fileList={photos.map((p) => ({ uid: p.uid, name: p.file.name, status: 'done' as const }))}
                  beforeUpload={(f) => {
                    setPhotos((s) => (s.length >= 10 ? s : [...s, { uid: f.uid, file: f }]));
                    return false;
                  }}
                  onRemove={(f) => setPhotos((s) => s.filter((p) => p.uid !== f.uid))}
                >
                  <Button icon={<UploadOutlined />} data-testid="inspection-photo">
                    {t('score.form.addPhoto')}
                  </Button>
                </Upload>
                {photos.map((p) => (
                  <Space key={p.uid} style={{ marginTop: 4, display: 'flex' }}>
                    <span>{p.file.name}</span>
                    <Select
                      allowClear
                      size="small"
                      style={{ width: 200 }}
                      placeholder={t('score.form.photoItem')}
                      value={p.itemCode}
                      onChange={(v) => setPhotos((s) => s.map((x) => (x.uid === p.uid ? { ...x, itemCode: v } : x)))}
                      options={checklist.items.map((x) => ({ value: x.code, label: `${x.code} ${en ? x.textEn : x.text}` }))}
                    />
                  </Space>
                ))}
              </Form.Item>
              <Form.Item label={t('score.form.notes')}>
                <Input.TextArea value={notes} maxLength={2000} rows={3} onChange={(e) => setNotes(e.target.value)} />
              </Form.Item>
            </>
          )}
          {save.error && <Alert type="error" showIcon title={save.error.message} style={{ marginBottom: 12 }} data-testid="inspection-error" />}
          <Button type="primary" htmlType="submit" loading={save.isPending} disabled={!checklist || !orgUnitId} data-testid="inspection-save">
            {t('score.form.save')}
          </Button>
        </Form>
      )}
    </Drawer>
  );
}
