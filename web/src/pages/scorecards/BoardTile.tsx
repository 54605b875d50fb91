/** The supervisor board's scorecard tile: this month's 装表接电超期率 and repair timeouts for the user's unit, and open rectifications from inspections. */
import { Link } from 'react-router-dom';
import { Badge, Card, List, Space, Statistic, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { call, http } from '../../api/http';
import { errorText } from '../../api/client';

const pct = (v: string | null) => (v === null ? '—' : `${(Number(v) * 100).toFixed(2)}%`);

export default function BoardTile() {
  const { t } = useTranslation();
  const q = useQuery({
    queryKey: ['scorecard-board'],
    queryFn: ({ signal }) => call(http.GET('/api/scorecards/board', { signal }), signal),
    refetchInterval: 300_000,
  });
  const d = q.data;
  return (
    <Card
      size="small"
      loading={q.isLoading}
      data-testid="sup-scorecard"
      title={
        <Space>
          <Badge color="#1677ff" />
          <span>{t('score.board.title', { period: d?.period ?? '' })}</span>
        </Space>
      }
      extra={<Link to="/quality/scorecards">{t('score.board.open')}</Link>}
    >
      {q.error ? (
        <Typography.Text type="danger">{errorText(q.error)}</Typography.Text>
      ) : (
        d && (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Space size={24} wrap>
              {d.figures.map((f) => (
                <Statistic
                  key={f.indicator}
                  title={t(`score.indicators.${f.indicator}`)}
                  value={pct(f.value)}
                  suffix={
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {f.indicator === 'installation_overdue'
                        ? t('score.board.overdue', { n: f.numerator, d: f.denominator })
                        : t('score.board.timeouts', { n: Number(f.denominator) - Number(f.numerator), d: f.denominator })}
                    </Typography.Text>
                  }
                  styles={{ content: { fontSize: 18 } }}
                />
              ))}
            </Space>
            <List
              size="small"
              header={t('score.board.findings')}
              dataSource={d.findings}
              locale={{ emptyText: t('common.none') }}
              renderItem={(f) => (
                <List.Item>
                  <Space size={4} wrap>
                    <Tag color={f.overdue ? 'red' : 'orange'}>{f.rectifyBy}</Tag>
                    <span>{f.orgUnitName}</span>
                    <Typography.Text type="secondary">
                      {f.itemCode} {f.finding}
                    </Typography.Text>
                  </Space>
                </List.Item>
              )}
            />
          </Space>
        )
      )}
    </Card>
  );
}
