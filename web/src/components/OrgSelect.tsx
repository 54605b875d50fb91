/** Pick an org unit from the tree (TreeSelect over GET /api/org-units). */
import { useMemo } from 'react';
import { TreeSelect } from 'antd';
import { useTranslation } from 'react-i18next';
import { useOrgUnits } from '../api/hooks';
import type { OrgUnit } from '../api/types';

interface TNode {
  value: number;
  title: string;
  children: TNode[];
}

export default function OrgSelect(props: {
  id?: string;
  value?: number | null;
  onChange?: (v: number | undefined) => void;
  allowClear?: boolean;
  placeholder?: string;
  style?: React.CSSProperties;
  disabled?: boolean;
}) {
  const { i18n } = useTranslation();
  const q = useOrgUnits();
  const en = i18n.language.startsWith('en');
  const data = useMemo(() => {
    const nodes = new Map<number, TNode>();
    const units: OrgUnit[] = q.data ?? [];
    for (const u of units) nodes.set(u.id, { value: u.id, title: en && u.nameEn ? u.nameEn : u.name, children: [] });
    const roots: TNode[] = [];
    for (const u of units) {
      const n = nodes.get(u.id)!;
      const p = u.parentId != null ? nodes.get(u.parentId) : undefined;
      if (p) p.children.push(n);
      else roots.push(n);
    }
    return roots;
  }, [q.data, en]);
  return (
    <TreeSelect
      id={props.id}
      treeData={data}
      value={props.value ?? undefined}
      onChange={(v) => props.onChange?.(v as number | undefined)}
      allowClear={props.allowClear}
      placeholder={props.placeholder}
      loading={q.isLoading}
      showSearch
      treeNodeFilterProp="title"
      treeDefaultExpandAll={false}
      treeDefaultExpandedKeys={data.map((n) => n.value)}
      style={props.style}
      disabled={props.disabled}
      popupMatchSelectWidth={false}
    />
  );
}
