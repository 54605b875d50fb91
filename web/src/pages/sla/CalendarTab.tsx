/** The working-day calendar of one year: statutory holidays and make-up working days; admins edit and save the whole year. */
import { useEffect, useState } from 'react';
import { Alert, App, Button, DatePicker, Input, InputNumber, Select, Space, Table, Tag, Tooltip } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { ApiError, errorText } from '../../api/client';
import { call, http, type Reply } from '../../api/http';
import { useAuth } from '../../app/auth';
import { LoadError } from '../../components/Problems';

type Day = Reply<'/api/calendar/{year}', 'get'>['days'][number];

export default function CalendarTab() {
  const { t, i18n } = useTranslation();
  const { can } = useAuth();
  const { message } = App.useApp();
  const [year, setYear] = useState(dayjs().year() + (dayjs().month() >= 10 ? 1 : 0));
  const q = useQuery({
    queryKey: ['calendar', year],
    queryFn: ({ signal }) => call(http.GET('/api/calendar/{year}', { params: { path: { year } }, signal }), signal),
  });
  const [days, setDays] = useState<Day[]>([]);
  const [dirty, setDirty] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [add, setAdd] = useState<{ date: Dayjs | null; kind: Day['kind']; name: string }>({ date: null, kind: 'holiday', name: '' });
  const editable = can('sla.admin');
  useEffect(() => {
    if (q.data) {
      setDays(q.data.days);
      setDirty(false);
    }
  }, [q.data]);
  if (q.error) return <LoadError error={q.error} onRetry={() => q.refetch()} />;

  async function save() {
    setError(null);
    try {
      await call(
        http.PUT('/api/calendar/{year}', {
          params: { path: { year } },
          body: { days: days.map((d) => ({ date: d.date, kind: d.kind, ...(d.name ? { name: d.name } : {}) })) },
        }),
      );
      message.success(t('common.saved'));
      void q.refetch();
    } catch (e) {
      const en = i18n.language.startsWith('en');
      setError(e instanceof ApiError ? [e.localized(), ...(e.body.details ?? []).map((d) => (en ? d.messageEn : d.message))].join(' · ') : errorText(e));
    }
  }

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <InputNumber value={year} min={2004} max={2100} onChange={(v) => v && setYear(v)} />
        <Tag color="red">{t('slaAdmin.holidays', { n: days.filter((d) => d.kind === 'holiday').length })}</Tag>
        <Tag color="blue">{t('slaAdmin.workdays', { n: days.filter((d) => d.kind === 'workday').length })}</Tag>
        {editable && dirty && (
          <Button type="primary" onClick={save} data-testid="calendar-save">
            {t('common.save')}
          </Button>
        )}
      </Space>
      {q.data &&
        !q.data.covered &&
        (q.data.provisional?.length ? (
          <Alert
            type="warning"
            showIcon
            data-testid="calendar-provisional"
            title={t('slaAdmin.calendarProvisional', { year, through: q.data.coveredThrough ?? '—', n: q.data.provisional.length })}
            description={
              <Space orientation="vertical" size={4}>
                <Space wrap size={4}>
                  {q.data.provisional.map((d: Day) => (
                    <Tooltip key={d.date} title={d.name}>
                      <Tag color="gold" className="gd-mono">{`${d.date} ${dayjs(d.date).format('ddd')}`}</Tag>
                    </Tooltip>
                  ))}
                </Space>
                {q.data.provisionalSource && <span style={{ fontSize: 12 }}>{t('slaAdmin.provisionalSource', { source: q.data.provisionalSource })}</span>}
                {editable && days.length === 0 && (
                  <Button
                    size="small"
                    data-testid="calendar-start-from-statutory"
                    onClick={() => {
                      setDays(
                        q.data!.provisional!.map((d: Day) => ({
                          date: d.date,
                          kind: 'holiday' as const,
                          name: (d.name ?? '').replace(/（暂定 provisional）$/, '') || null,
                        })),
                      );
                      setDirty(true);
                    }}
                  >
                    {t('slaAdmin.startFromStatutory')}
                  </Button>
                )}
              </Space>
            }
          />
        ) : (
          <Alert
            type="warning"
            showIcon
            data-testid="calendar-not-covered"
            title={t('slaAdmin.calendarNotCovered', { year, through: q.data.coveredThrough ?? '—' })}
          />
        ))}
      {error && <Alert type="error" showIcon title={error} />}
      {editable && (
        <Space wrap>
          <DatePicker value={add.date} onChange={(d) => setAdd({ ...add, date: d })} disabledDate={(d) => d.year() !== year} />
          <Select
            value={add.kind}
            onChange={(k) => setAdd({ ...add, kind: k })}
            style={{ width: 160 }}
            options={[
              { value: 'holiday', label: t('slaAdmin.holiday') },
              { value: 'workday', label: t('slaAdmin.workday') },
            ]}
          />
          <Input
            value={add.name}
            onChange={(e) => setAdd({ ...add, name: e.target.value })}
            placeholder={t('common.name')}
            style={{ width: 200 }}
            maxLength={60}
          />
          <Button
            icon={<PlusOutlined />}
            disabled={!add.date}
            onClick={() => {
              setDays([...days, { date: add.date!.format('YYYY-MM-DD'), kind: add.kind, name: add.name || null }].sort((a, b) => a.date.localeCompare(b.date)));
              setDirty(true);
            }}
          >
            {t('common.create')}
          </Button>
        </Space>
      )}
      <Table<Day>
        rowKey={(d) => `${d.date}-${d.kind}`}
        size="small"
        loading={q.isLoading}
        dataSource={days}
        pagination={{ pageSize: 40 }}
        columns={[
          { title: t('slaAdmin.date'), dataIndex: 'date', className: 'gd-mono', render: (v) => `${v} ${dayjs(v).format('ddd')}` },
          {
            title: t('slaAdmin.kind'),
            dataIndex: 'kind',
            render: (k) => <Tag color={k === 'holiday' ? 'red' : 'blue'}>{k === 'holiday' ? t('slaAdmin.holiday') : t('slaAdmin.workday')}</Tag>,
          },
          { title: t('common.name'), dataIndex: 'name' },
          ...(editable
            ? [
                {
                  title: '',
                  key: 'x',
                  render: (_: unknown, d: Day) => (
                    <Button
                      type="text"
                      icon={<DeleteOutlined />}
                      onClick={() => {
                        setDays(days.filter((x) => x !== d));
                        setDirty(true);
                      }}
                    />
                  ),
                },
              ]
            : []),
        ]}
      />
    </Space>
  );
}
