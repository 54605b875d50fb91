/** Pick a knowledge article by searching while typing (GET /api/knowledge?q=). */
import { useState } from 'react';
import { Select } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { kb } from '../../api/workorders';
import { useDebounced } from '../useDebounced';

export default function KbPicker({ id, value, onChange }: { id?: string; value?: number; onChange?: (v: number | undefined) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 250);
  const res = useQuery({ queryKey: ['kb-pick', q], queryFn: () => kb.search({ q: q || undefined, limit: 20 }) });
  const current = useQuery({ queryKey: ['kb', value], queryFn: () => kb.get(value!), enabled: !!value });
  const items = res.data?.items ?? [];
  const options = items.map((a) => ({ value: a.id, label: `${a.title} · ${a.category}` }));
  if (value && current.data && !options.some((o) => o.value === value)) options.unshift({ value, label: `${current.data.title} · ${current.data.category}` });
  return (
    <Select id={id} showSearch={{ filterOption: false, onSearch: setText }} allowClear value={value} onChange={onChange} options={options}
      loading={res.isFetching} placeholder={t('kb.searchPlaceholder')} notFoundContent={t('kb.none')} />
  );
}
