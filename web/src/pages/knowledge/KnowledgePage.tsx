/**
 * Knowledge base (知识库): search as you type, ranked with the matched phrases marked (useKbSearch,
 * the console's suggestion search); editors also search drafts, archived and expired articles, and
 * create and edit articles (optimistic version check).
 */
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Button, Card, Checkbox, Col, Empty, Input, List, Row, Space, Tag, Typography } from 'antd';
import { PlusOutlined, EditOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { kb, type Article } from '../../api/workorders';
import { useAuth } from '../../app/auth';
import Highlight from '../../components/Highlight';
import { KB_QUERY_MAX, useKbSearch } from '../../components/useKbSearch';
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
  const writable = can('knowledge.write');
  const list = useKbSearch(text, { includeAll: writable && all, limit: 50 });
  const selected = Number(params.get('article')) || null;
  const art = useQuery({ queryKey: ['kb', selected], queryFn: () => kb.get(selected!), enabled: !!selected });
  // the body of an article found by the ranked search shows what matched
  const bodyTerms = (list.ranked && list.items.find((a) => a.id === selected)?.terms) || [];

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={9}>
        <Card
          title={t('kb.title')}
          extra={
            writable && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="kb-new">
                {t('kb.newArticle')}
              </Button>
            )
          }
        >
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Input.Search
              allowClear
              maxLength={KB_QUERY_MAX}
              placeholder={t('kb.searchPlaceholder')}
              value={text}
              onChange={(e) => setText(e.target.value)}
              data-testid="kb-search"
            />
            {writable && (
              <Checkbox checked={all} onChange={(e) => setAll(e.target.checked)}>
                {t('kb.includeAll')}
              </Checkbox>
            )}
            {list.ranked && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('kb.ranked')}
              </Typography.Text>
            )}
          </Space>
          {list.error ? (
            <LoadError error={list.error} onRetry={() => list.refetch()} />
          ) : (
            <div data-testid="kb-results" data-query={list.q} data-state={list.isFetching ? 'loading' : 'ready'}>
              <List
                size="small"
                loading={list.isFetching}
                dataSource={list.items}
                locale={{ emptyText: t('kb.none') }}
                style={{ marginTop: 8, maxHeight: '65vh', overflow: 'auto' }}
                renderItem={(a) => (
                  <List.Item
                    onClick={() => setParams({ article: String(a.id) })}
                    data-testid={`kb-result-${a.id}`}
                    style={{ cursor: 'pointer', background: a.id === selected ? '#e6f0fa' : undefined, paddingInline: 8 }}
                  >
                    <List.Item.Meta
                      title={<Highlight text={a.title} terms={a.terms} />}
                      description={
                        <>
                          {a.snippet && (
                            <Typography.Paragraph type="secondary" style={{ marginBottom: 4, fontSize: 13 }}>
                              <Highlight text={a.snippet} terms={a.terms} />
                            </Typography.Paragraph>
                          )}
                          <Space size={4} wrap>
                            <Tag>{a.category}</Tag>
                            {a.status !== 'published' && <Tag color="orange">{label('kb.statuses', a.status)}</Tag>}
                            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                              {t('kb.usedCount')} {a.usedCount}
                            </Typography.Text>
                          </Space>
                        </>
                      }
                    />
                  </List.Item>
                )}
              />
            </div>
          )}
        </Card>
      </Col>
      <Col xs={24} lg={15}>
        <Card
          loading={art.isLoading}
          title={art.data?.title ?? t('kb.title')}
          extra={
            writable &&
            art.data && (
              <Button icon={<EditOutlined />} onClick={() => setEditing(art.data!)}>
                {t('common.edit')}
              </Button>
            )
          }
        >
          {!art.data ? (
            <Empty description={t('kb.select')} />
          ) : (
            <div data-testid="kb-article">
              <Space wrap style={{ marginBottom: 12 }}>
                <Tag color="blue">{art.data.category}</Tag>
                {art.data.tags.map((g) => (
                  <Tag key={g}>{g}</Tag>
                ))}
                <Tag color={art.data.status === 'published' ? 'green' : 'orange'}>{label('kb.statuses', art.data.status)}</Tag>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('kb.validFrom')} {art.data.validFrom ?? '—'} · {t('kb.validTo')} {art.data.validTo ?? '—'} · {t('kb.version')} {art.data.version} ·{' '}
                  {t('kb.updatedAt')} {fmtTime(art.data.updatedAt)}
                </Typography.Text>
              </Space>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', fontSize: 15 }}>
                <Highlight text={art.data.body} terms={bodyTerms} />
              </Typography.Paragraph>
            </div>
          )}
        </Card>
      </Col>
      {editing && (
        <ArticleEditor
          article={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={(a) => {
            setEditing(null);
            setParams({ article: String(a.id) });
            void qc.invalidateQueries({ queryKey: ['kb'] });
          }}
        />
      )}
    </Row>
  );
}
