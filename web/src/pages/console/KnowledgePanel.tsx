/** Knowledge search while the call-taker types: the best articles for the words on the form. */
import { Button, Card, Empty, List, Tag, Typography } from 'antd';
import { CheckOutlined } from '@ant-design/icons';
import { useQuery, keepPreviousData } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { kb, type Article } from '../../api/workorders';
import { useDebounced } from '../../components/useDebounced';
import { kbTerms } from './kbTerms';

/** One query per term; articles ranked by how many terms they match, then by use. */
async function suggest(terms: string[]): Promise<Article[]> {
  const lists = await Promise.all(terms.map((q) => kb.search({ q, limit: 10 }).then((r) => r.items)));
  const score = new Map<number, { a: Article; n: number }>();
  for (const l of lists) for (const a of l) score.set(a.id, { a, n: (score.get(a.id)?.n ?? 0) + 1 });
  return [...score.values()].sort((x, y) => y.n - x.n || y.a.usedCount - x.a.usedCount).slice(0, 5).map((x) => x.a);
}

export default function KnowledgePanel({ text, chosen, onChoose }: { text: string; chosen?: number; onChoose: (id: number | undefined, title?: string) => void }) {
  const { t } = useTranslation();
  const q = useDebounced(text.trim().slice(-200), 350);
  const terms = kbTerms(q);
  const res = useQuery({ queryKey: ['kb-live', terms], queryFn: () => suggest(terms), enabled: terms.length > 0, placeholderData: keepPreviousData });
  return (
    <Card size="small" title={t('console.knowledge')} data-testid="kb-panel">
      {q.length < 2 ? <Typography.Text type="secondary">{t('console.kbHint')}</Typography.Text> : (res.data?.length ?? 0) === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('kb.none')} /> : (
        <List size="small" dataSource={res.data ?? []} renderItem={(a) => (
          <List.Item actions={[chosen === a.id
            ? <Button size="small" icon={<CheckOutlined />} onClick={() => onChoose(undefined)}>{t('console.kbUsed')}</Button>
            : <Button size="small" type="link" onClick={() => onChoose(a.id, a.title)} data-testid={`kb-use-${a.id}`}>{t('console.kbUse')}</Button>]}>
            <List.Item.Meta
              title={<span>{a.title} <Tag>{a.category}</Tag></span>}
              description={<Typography.Paragraph ellipsis={{ rows: 3, expandable: true, symbol: t('common.more') }} style={{ marginBottom: 0, whiteSpace: 'pre-wrap' }}>{a.body}</Typography.Paragraph>}
            />
          </List.Item>
        )} />
      )}
    </Card>
  );
}
