/** Knowledge search while the call-taker types: the best articles for the words on the form. */
import { Button, Card, Empty, List, Tag, Typography } from 'antd';
import { CheckOutlined } from '@ant-design/icons';
import { useQuery, keepPreviousData } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { kb } from '../../api/workorders';
import { useDebounced } from '../../components/useDebounced';

export default function KnowledgePanel({ text, chosen, onChoose }: { text: string; chosen?: number; onChoose: (id: number | undefined, title?: string) => void }) {
  const { t } = useTranslation();
  const q = useDebounced(text.trim().slice(0, 100), 350);
  const res = useQuery({ queryKey: ['kb-live', q], queryFn: () => kb.search({ q, limit: 5 }), enabled: q.length >= 2, placeholderData: keepPreviousData });
  return (
    <Card size="small" title={t('console.knowledge')} data-testid="kb-panel">
      {q.length < 2 ? <Typography.Text type="secondary">{t('console.kbHint')}</Typography.Text> : (res.data?.items.length ?? 0) === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('kb.none')} /> : (
        <List size="small" dataSource={res.data?.items ?? []} renderItem={(a) => (
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
