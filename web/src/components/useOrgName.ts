import { useTranslation } from 'react-i18next';
import { useOrgUnits } from '../api/hooks';
import { useAuth } from '../app/auth';

/** id → org unit name in the UI language (from the cached org list). */
export function useOrgName(): (id: number | null | undefined) => string {
  const { can } = useAuth();
  const q = useOrgUnits(can('org.read'));
  const { i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  return (id) => {
    if (id == null) return '—';
    const u = q.data?.find((x) => x.id === id);
    return u ? (en && u.nameEn ? u.nameEn : u.name) : `#${id}`;
  };
}
