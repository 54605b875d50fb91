/** Knowledge base (知识库): search as you type; editors create and edit articles (optimistic version check). */
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Button, Card, Checkbox, Col, Empty, Input, List, Row, Space, Tag, Typography } from 'antd';
import { PlusOutlined, EditOutlined } from '@ant-design/icons';
import { useQuery, keepPreviousData, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { kb, type Article } from '../../api/workorders';
import { useAuth } from '../../app/auth';
import { useDebounced } from '../../components/useDebounced';
import { LoadError } from '../../components/Problems';
import { label } from '../../components/labels';
import { fmtTime } from '../../components/time';
import ArticleEditor from './ArticleEditor';

export default function KnowledgePage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();
  const [text, setText] = useState('');
  const [all, setAll] = useState(false);
  const [editing, setEditing] = useState<Article | 'new' | null>(null);
  const q = useDebounced(text.trim(), 250);
  const selected = Number(params.get('article')) || null;
  const list = useQuery({ queryKey: ['kb', 'list', q, all], queryFn: () => kb.search({ q: q || undefined, includeAll: all || undefined, limit: 50 }), placeholderData: keepPreviousData });
  const art = useQuery({ queryKey: ['kb', selected], queryFn: () => kb.get(selected!), enabled: !!selected });
  const writable = can('knowledge.write');

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={9}>
        <Card title={t('kb.title')} extra={writable && <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="kb-new">{t('kb.newArticle')}</Button>}>
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Input.Search allowClear placeholder={t('kb.searchPlaceholder')} value={text} onChange={(e) => setText(e.target.value)} data-testid="kb-search" />
            {writable && <Checkbox checked={all} onChange={(e) => setAll(e.target.checked)}>{t('kb.includeAll')}</Checkbox>}
          </Space>
          {list.error ? <LoadError error={list.error} /> : (
            <List size="small" loading={list.isFetching} dataSource={list.data?.items ?? []} locale={{ emptyText: t('kb.none') }} style={{ marginTop: 8, maxHeight: '65vh', overflow: 'auto' }}
              renderItem={(a) => (
                <List.Item onClick={() => setParams({ article: String(a.id) })} style={{ cursor: 'pointer', background: a.id === selected ? '#e6f0fa' : undefined, paddingInline: 8 }}>
                  <List.Item.Meta title={a.title} description={<Space size={4} wrap><Tag>{a.category}</Tag>{a.status !== 'published' && <Tag color="orange">{label('kb.statuses', a.status)}</Tag>}<Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('kb.usedCount')} {a.usedCount}</Typography.Text></Space>} />
                </List.Item>
              )} />
          )}
        </Card>
      </Col>
      <Col xs={24} lg={15}>
        <Card loading={art.isLoading} title={art.data?.title ?? t('kb.title')} extra={writable && art.data && <Button icon={<EditOutlined />} onClick={() => setEditing(art.data!)}>{t('common.edit')}</Button>}>
          {!art.data ? <Empty description={t('kb.select')} /> : (
            <div data-testid="kb-article">
              <Space wrap style={{ marginBottom: 12 }}>
                <Tag color="blue">{art.data.category}</Tag>
                {art.data.tags.map((g) => <Tag key={g}>{g}</Tag>)}
                <Tag color={art.data.status === 'published' ? 'green' : 'orange'}>{label('kb.statuses', art.data.status)}</Tag>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('kb.validFrom')} {art.data.validFrom ?? '—'} · {t('kb.validTo')} {art.data.validTo ?? '—'} · {t('kb.version')} {art.data.version} · {t('kb.updatedAt')} {fmtTime(art.data.updatedAt)}
                </Typography.Text>
              </Space>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', fontSize: 15 }}>{art.data.body}</Typography.Paragraph>
            </div>
          )}
        </Card>
      </Col>
      {editing && (
        <ArticleEditor article={editing === 'new' ? null : editing} onClose={() => setEditing(null)}
          onSaved={(a) => { setEditing(null); setParams({ article: String(a.id) }); void qc.invalidateQueries({ queryKey: ['kb'] }); }} />
      )}
    </Row>
  );
}
