/**
 * Knowledge suggestions while the call-taker types: after each pause in typing, one request to
 * GET /api/knowledge/suggest with the latest text; a request made stale by further typing is
 * cancelled (TanStack Query aborts the signal when the key changes). The server ranks; the panel
 * marks the matched phrases in title and snippet.
 */
import { Button, Card, Empty, List, Tag, Typography } from 'antd';
import { CheckOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient, keepPreviousData } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { kb, type Suggestion } from '../../api/workorders';
import { useDebounced } from '../../components/useDebounced';
import Highlight from '../../components/Highlight';

/** The server reads at most 500 characters; the end of what is typed says most about the call. */
const MAX_TEXT = 200;

export default function KnowledgePanel({
  text,
  chosen,
  onChoose,
}: {
  text: string;
  chosen?: number;
  onChoose: (id: number | undefined, title?: string) => void;
}) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const q = useDebounced(text.replace(/\s+/g, ' ').trim().slice(-MAX_TEXT), 350);
  const enabled = q.length >= 2;
  const res = useQuery<Suggestion[]>({
    queryKey: ['kb-suggest', q],
    queryFn: ({ signal }) => kb.suggest({ text: q, limit: 5 }, signal).then((r) => r.items),
    enabled,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
  const items = res.data ?? [];
  return (
    <Card
      size="small"
      title={t('console.knowledge')}
      data-testid="kb-panel"
      data-query={enabled ? q : ''}
      data-state={!enabled ? 'idle' : res.isFetching ? 'loading' : 'ready'}
      extra={
        res.isError ? (
          <Button size="small" type="link" onClick={() => qc.invalidateQueries({ queryKey: ['kb-suggest', q] })}>
            {t('common.retry')}
          </Button>
        ) : null
      }
    >
      {!enabled ? (
        <Typography.Text type="secondary">{t('console.kbHint')}</Typography.Text>
      ) : items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('kb.none')} />
      ) : (
        <List
          size="small"
          dataSource={items}
          renderItem={(a) => (
            <List.Item
              data-testid={`kb-suggestion-${a.id}`}
              actions={[
                chosen === a.id ? (
                  <Button size="small" icon={<CheckOutlined />} onClick={() => onChoose(undefined)}>
                    {t('console.kbUsed')}
                  </Button>
                ) : (
                  <Button size="small" type="link" onClick={() => onChoose(a.id, a.title)} data-testid={`kb-use-${a.id}`}>
                    {t('console.kbUse')}
                  </Button>
                ),
              ]}
            >
              <List.Item.Meta
                title={
                  <span>
                    <Highlight text={a.title} terms={a.terms} /> <Tag>{a.category}</Tag>
                  </span>
                }
                description={
                  <Typography.Paragraph style={{ marginBottom: 0, whiteSpace: 'pre-wrap' }}>
                    <Highlight text={a.snippet} terms={a.terms} />
                  </Typography.Paragraph>
                }
              />
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
