/** zh-CN ⇄ English; the choice is persisted (localStorage) and sent to the server as Accept-Language. */
import { Button } from 'antd';
import { GlobalOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { setLang } from '../i18n';

export default function LangSwitch() {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  return (
    <Button type="text" icon={<GlobalOutlined />} onClick={() => setLang(en ? 'zh-CN' : 'en')} aria-label={t('lang.label')} data-testid="lang-switch">
      {t('lang.switch')}
    </Button>
  );
}
