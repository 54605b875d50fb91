/**
 * Pick a knowledge article by searching while typing: ranked with the matched phrases marked
 * (useKbSearch, as the console suggests articles), the latest articles before anything is typed.
 */
import { useState } from 'react';
import { Select } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { kb } from '../../api/workorders';
import Highlight from '../Highlight';
import { KB_QUERY_MAX, useKbSearch, type KbHit } from '../useKbSearch';

type Option = { value: number; label: string; hit?: KbHit };

export default function KbPicker({ id, value, onChange }: { id?: string; value?: number; onChange?: (v: number | undefined) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const search = useKbSearch(text, { limit: 20 });
  const current = useQuery({ queryKey: ['kb', value], queryFn: () => kb.get(value!), enabled: !!value });
  const options: Option[] = search.items.map((a) => ({ value: a.id, label: `${a.title} · ${a.category}`, hit: a }));
  if (value && current.data && !options.some((o) => o.value === value)) options.unshift({ value, label: `${current.data.title} · ${current.data.category}` });
  return (
    <Select
      id={id}
      showSearch={{ filterOption: false, onSearch: (s) => setText(s.slice(0, KB_QUERY_MAX)) }}
      allowClear
      value={value}
      onChange={onChange}
      options={options}
      optionRender={(o) => {
        const a = (o.data as Option).hit;
        if (!a) return o.label;
        return (
          <div data-testid={`kb-pick-${a.id}`}>
            <Highlight text={a.title} terms={a.terms} /> <span style={{ opacity: 0.65 }}>· {a.category}</span>
            {a.snippet && (
              <div className="gd-kb-pick-snippet">
                <Highlight text={a.snippet} terms={a.terms} />
              </div>
            )}
          </div>
        );
      }}
      loading={search.isFetching}
      placeholder={t('kb.searchPlaceholder')}
      notFoundContent={t('kb.none')}
    />
  );
}
