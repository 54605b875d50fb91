import { ThunderboltFilled } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';

export default function Logo({ dark = false }: { dark?: boolean }) {
  const { t } = useTranslation();
  return (
    <div
      style={{
        height: 56,
        display: 'flex',
        alignItems: 'center',
        gap: 8,
        padding: '0 20px',
        color: dark ? '#fff' : '#1f4e8c',
        fontWeight: 600,
        fontSize: 16,
        whiteSpace: 'nowrap',
      }}
    >
      <ThunderboltFilled style={{ color: '#ffd24a', fontSize: 20 }} />
      <span>{t('app.name')}</span>
    </div>
  );
}
