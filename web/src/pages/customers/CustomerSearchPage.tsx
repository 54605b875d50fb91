/** Customer search by name, phone, account number, address or meter number (GET /api/customers?q=). */
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Card, Input, Table, Tag, Typography } from 'antd';
import { useQuery, keepPreviousData } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { call, http } from '../../api/http';
import type { CustomerListItem } from '../../api/types';
import { useDebounced } from '../../components/useDebounced';
import { label } from '../../components/labels';
import { LoadError } from '../../components/Problems';

const PAGE = 20;

export default function CustomerSearchPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const [text, setText] = useState(params.get('q') ?? '');
  const page = Number(params.get('page') ?? 1);
  const q = useDebounced(text.trim(), 300);

  useEffect(() => {
    if ((params.get('q') ?? '') !== q) setParams(q ? { q } : {}, { replace: true });
  }, [q]); // eslint-disable-line react-hooks/exhaustive-deps

  const enabled = q.length >= 2 || /[\u4e00-\u9fff]/.test(q);
  const res = useQuery({
    queryKey: ['customers', q, page],
    queryFn: ({ signal }) => call(http.GET('/api/customers', { params: { query: { q, limit: PAGE, offset: (page - 1) * PAGE } }, signal }), signal),
    enabled,
    placeholderData: keepPreviousData,
  });

  return (
    <Card>
      <div className="gd-page-title">
        <Typography.Title level={3}>{t('customer.searchTitle')}</Typography.Title>
      </div>
      <Input.Search
        size="large"
        allowClear
        autoFocus
        enterButton={t('common.search')}
        placeholder={t('customer.searchPlaceholder')}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onSearch={(v) => setText(v)}
        data-testid="customer-search"
        style={{ maxWidth: 640 }}
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        {!enabled && t('customer.searchHint')}
      </Typography.Paragraph>
      {res.error && <LoadError error={res.error} onRetry={() => res.refetch()} />}
      {enabled && !res.error && (
        <Table<CustomerListItem>
          rowKey="id"
          size="middle"
          loading={res.isFetching}
          dataSource={res.data?.items ?? []}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('customer.notFound') }}
          pagination={{
            current: page,
            pageSize: PAGE,
            total: (page - 1) * PAGE + (res.data?.items.length ?? 0) + (res.data?.hasMore ? 1 : 0),
            showSizeChanger: false,
            onChange: (p) => setParams({ q, page: String(p) }),
          }}
          columns={[
            { title: t('customer.name'), dataIndex: 'name', render: (v, r) => <Link to={`/customers/${r.id}`}>{v}</Link> },
            { title: t('customer.accountNos'), dataIndex: 'accountNos', render: (v: string[]) => <span className="gd-mono">{v?.join(', ')}</span> },
            { title: t('customer.phone'), dataIndex: 'phone', className: 'gd-mono' },
            { title: t('customer.address'), dataIndex: 'address', responsive: ['md'] },
            { title: t('customer.kind'), dataIndex: 'kind', responsive: ['lg'], render: (v) => label('customer.kinds', v) },
            {
              title: t('customer.customerClass'),
              dataIndex: 'customerClass',
              responsive: ['lg'],
              render: (v) => v && <Tag>{label('customer.classes', v)}</Tag>,
            },
            { title: t('customer.org'), dataIndex: 'orgUnitName', responsive: ['xl'] },
          ]}
        />
      )}
    </Card>
  );
}
