/** Organisation tree (AntD Tree): province → city → county → station / hall, with area types. */
import { useMemo, useState } from 'react';
import { Button, Card, Col, Descriptions, Empty, Input, Row, Skeleton, Space, Tag, Tree, Typography } from 'antd';
import { PlusOutlined, EditOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { OrgUnit } from '../../api/types';
import { useOrgUnits } from '../../api/hooks';
import { useAuth } from '../../app/auth';
import { LoadError } from '../../components/Problems';
import { label } from '../../components/labels';
import { buildTree, childLevels } from './orgTree';
import OrgUnitModal from './OrgUnitModal';

export default function OrgTreePage() {
  const { t, i18n } = useTranslation();
  const { can } = useAuth();
  const q = useOrgUnits();
  const [selected, setSelected] = useState<number | null>(null);
  const [filter, setFilter] = useState('');
  const [modal, setModal] = useState<{ mode: 'create' | 'edit'; parent: OrgUnit | null; unit?: OrgUnit } | null>(null);
  const en = i18n.language.startsWith('en');
  const nameOf = (u: OrgUnit) => (en && u.nameEn ? u.nameEn : u.name);
  const tree = useMemo(() => buildTree(q.data ?? [], nameOf, filter.trim()), [q.data, filter, en]); // eslint-disable-line react-hooks/exhaustive-deps
  const unit = q.data?.find((u) => u.id === selected) ?? null;
  const writable = can('org.write');

  if (q.isLoading)
    return (
      <Card>
        <Skeleton active />
      </Card>
    );
  if (q.error) return <LoadError error={q.error} onRetry={() => q.refetch()} />;

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={10}>
        <Card title={t('org.title')}>
          <Input.Search allowClear placeholder={t('org.searchTree')} onChange={(e) => setFilter(e.target.value)} style={{ marginBottom: 8 }} />
          <Tree<(typeof tree)[number]>
            showLine
            blockNode
            defaultExpandAll={!!filter || (q.data?.length ?? 0) < 60}
            key={filter ? `f:${filter}` : 'all'}
            defaultExpandedKeys={tree.map((n) => n.key)}
            treeData={tree}
            selectedKeys={selected ? [selected] : []}
            onSelect={(keys) => setSelected((keys[0] as number) ?? null)}
            titleRender={(n) => (
              <span data-testid={`org-${n.unit.code}`}>
                {n.title}{' '}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {label('org.levels', n.unit.level)}
                </Typography.Text>
                {!n.unit.active && <Tag style={{ marginLeft: 6 }}>{t('org.inactiveTag')}</Tag>}
              </span>
            )}
            style={{ maxHeight: '70vh', overflow: 'auto' }}
          />
        </Card>
      </Col>
      <Col xs={24} lg={14}>
        <Card
          title={unit ? nameOf(unit) : t('org.title')}
          extra={
            unit &&
            writable && (
              <Space wrap>
                <Button icon={<EditOutlined />} onClick={() => setModal({ mode: 'edit', parent: null, unit })}>
                  {t('common.edit')}
                </Button>
                {childLevels(unit).length > 0 && (
                  <Button type="primary" icon={<PlusOutlined />} onClick={() => setModal({ mode: 'create', parent: unit })}>
                    {t('org.addChild')}
                  </Button>
                )}
              </Space>
            )
          }
        >
          {!unit ? (
            <Empty description={t('org.selectHint')} />
          ) : (
            <Descriptions column={1} size="small" bordered>
              <Descriptions.Item label={t('org.code')}>
                <span className="gd-mono">{unit.code}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('org.name')}>{unit.name}</Descriptions.Item>
              <Descriptions.Item label={t('org.nameEn')}>{unit.nameEn ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('org.level')}>{label('org.levels', unit.level)}</Descriptions.Item>
              <Descriptions.Item label={t('org.areaType')}>
                <Tag color={unit.areaType === 'urban' ? 'blue' : unit.areaType === 'rural' ? 'green' : 'orange'}>{label('org.areaTypes', unit.areaType)}</Tag>
              </Descriptions.Item>
              <Descriptions.Item label={t('org.parent')}>
                {(() => {
                  const p = q.data?.find((u) => u.id === unit.parentId);
                  return p ? nameOf(p) : '—';
                })()}
              </Descriptions.Item>
              <Descriptions.Item label={t('org.active')}>{unit.active ? t('common.yes') : t('common.no')}</Descriptions.Item>
              <Descriptions.Item label={t('org.path')}>
                <span className="gd-mono">{unit.path}</span>
              </Descriptions.Item>
            </Descriptions>
          )}
        </Card>
      </Col>
      {modal && (
        <OrgUnitModal
          {...modal}
          onClose={() => setModal(null)}
          onSaved={(id) => {
            setModal(null);
            setSelected(id);
            void q.refetch();
          }}
        />
      )}
    </Row>
  );
}
