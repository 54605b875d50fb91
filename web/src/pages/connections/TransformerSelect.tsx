/**
 * The transformer a supply plan connects to, chosen by code or name from the network model (the
 * caller's org scope) instead of typing a database id; power-on places the service point under it.
 */
import { useState } from 'react';
import { Select } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { call, http } from '../../api/http';
import type { Device } from '../../api/types';

type Named = Pick<Device, 'id' | 'code' | 'name' | 'ratedKva'>;
const deviceLabel = (d: Named) => `${d.code} ${d.name}${d.ratedKva !== null ? `（${d.ratedKva} kVA）` : ''}`;

/** `current`: the transformer the stored plan names, so its label shows before any search. */
export function TransformerSelect({
  value,
  onChange,
  current = null,
  ...rest
}: {
  value?: number;
  onChange?: (v: number | undefined) => void;
  current?: Named | null;
  'data-testid'?: string;
}) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const list = useQuery({
    queryKey: ['network', 'transformers', q],
    queryFn: ({ signal }) =>
      call(http.GET('/api/network/devices', { params: { query: { kind: 'transformer', limit: 50, ...(q ? { q } : {}) } }, signal }), signal),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
  const options = (list.data ?? []).map((d) => ({ value: d.id, label: deviceLabel(d) }));
  if (value !== undefined && !options.some((o) => o.value === value))
    options.unshift({ value, label: current?.id === value ? deviceLabel(current) : `#${value}` });
  return (
    <Select
      {...rest}
      showSearch={{ filterOption: false, onSearch: setQ }}
      allowClear
      value={value}
      onChange={(v) => onChange?.(v ?? undefined)}
      loading={list.isFetching}
      placeholder={t('conn.plan.transformerSearch')}
      options={options}
      style={{ width: '100%' }}
    />
  );
}
