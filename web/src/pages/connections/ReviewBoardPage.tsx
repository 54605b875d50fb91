/**
 * 方案会审看板: applications at the supply plan stage that need the first review (design office with
 * dispatch and production) and then the leaders' joint review, with why, what each awaits, the last
 * decision of each level and the live clock. A row opens the review form of that application in place.
 */
import { useState } from 'react';
import { Alert, Card, Segmented, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { connections, type ReviewAwaiting, type ReviewBoardItem } from '../../api/connections';
import { LoadError } from '../../components/Problems';
import { fmtTime } from '../../components/time';
import { pick } from '../../i18n';
import { appNoColumn, clockColumn, customerClassColumn } from './columns';
import { ReviewsPanel } from './ReviewsPanel';

const AWAITING_COLOR: Record<ReviewBoardItem['awaiting'], string> = { first: 'orange', joint: 'purple', approved: 'green' };

export default function ReviewBoardPage() {
  const { t } = useTranslation();
  const [awaiting, setAwaiting] = useState<ReviewAwaiting>('all');
  const board = useQuery({
    queryKey: ['connections', 'review-board', awaiting],
    queryFn: () => connections.reviewBoard(awaiting),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
  const c = board.data?.counts;
  const decision = (r: ReviewBoardItem['first']) =>
    r ? (
      <Space orientation="vertical" size={0}>
        <Tag color={r.decision === 'approved' ? 'green' : 'red'}>{t(`conn.reviews.${r.decision}`)}</Tag>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {r.participants} · {fmtTime(r.at)}
        </Typography.Text>
      </Space>
    ) : (
      '—'
    );
  return (
    <Card>
      <div className="gd-page-title">
        <Typography.Title level={3}>{t('conn.reviews.board')}</Typography.Title>
        <Segmented
          value={awaiting}
          onChange={(v) => setAwaiting(v as ReviewAwaiting)}
          data-testid="review-board-filter"
          options={(['all', 'first', 'joint', 'approved'] as const).map((k) => ({
            value: k,
            label: `${t(`conn.reviews.awaiting.${k}`)}${c && k !== 'all' ? ` (${c[k]})` : ''}`,
          }))}
        />
      </div>
      <Typography.Paragraph type="secondary">{t('conn.reviews.boardHint')}</Typography.Paragraph>
      {board.data?.truncated && <Alert type="info" showIcon title={t('conn.reviews.truncated')} style={{ marginBottom: 12 }} />}
      {board.error ? (
        <LoadError error={board.error} onRetry={() => board.refetch()} />
      ) : (
        <Table<ReviewBoardItem>
          rowKey="id"
          size="middle"
          loading={board.isFetching}
          dataSource={board.data?.items ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
          data-testid="review-board"
          expandable={{
            expandedRowRender: (a) => <BoardReviews id={a.id} />,
            expandRowByClick: false,
          }}
          columns={[
            appNoColumn<ReviewBoardItem>(t),
            { title: t('conn.applicant'), dataIndex: 'applicantName' },
            customerClassColumn<ReviewBoardItem>(t),
            { title: t('conn.requestedKva'), dataIndex: 'requestedKva' },
            {
              title: t('conn.reviews.reasons'),
              key: 'reasons',
              render: (_, a) => (
                <Space size={2} wrap>
                  {a.reasons.map((r) => (
                    <Tag key={r.code} color="purple">
                      {pick(r)}
                    </Tag>
                  ))}
                </Space>
              ),
            },
            {
              title: t('conn.reviews.awaitingCol'),
              dataIndex: 'awaiting',
              render: (v: ReviewBoardItem['awaiting']) => (
                <Tag color={AWAITING_COLOR[v]} data-testid="review-awaiting">
                  {t(`conn.reviews.awaiting.${v}`)}
                </Tag>
              ),
            },
            { title: t('conn.reviews.first'), key: 'first', render: (_, a) => decision(a.first) },
            { title: t('conn.reviews.joint'), key: 'joint', render: (_, a) => decision(a.joint) },
            clockColumn<ReviewBoardItem>(t),
          ]}
        />
      )}
    </Card>
  );
}

/** The application's reviews and the review form, loaded when its row is opened. */
function BoardReviews({ id }: { id: number }) {
  const q = useQuery({ queryKey: ['connection', id], queryFn: () => connections.detail(id) });
  if (q.isLoading) return <Skeleton active />;
  if (q.error || !q.data) return <LoadError error={q.error} onRetry={() => q.refetch()} />;
  return <ReviewsPanel d={q.data} />;
}
