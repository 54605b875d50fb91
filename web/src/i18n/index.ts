/** i18next setup: zh-CN by default, English on request; the choice is kept in localStorage. */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import zhCN from './zh-CN';
import en from './en';

export const LANG_KEY = 'griddesk.lang';
export type Lang = 'zh-CN' | 'en';

function initialLang(): Lang {
  try {
    const saved = localStorage.getItem(LANG_KEY);
    if (saved === 'en' || saved === 'zh-CN') return saved;
  } catch {
    /* storage unavailable */
  }
  return 'zh-CN';
}

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  lng: initialLang(),
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
  returnNull: false,
});

export function setLang(l: Lang) {
  try {
    localStorage.setItem(LANG_KEY, l);
  } catch {
    /* ignore */
  }
  document.documentElement.lang = l;
  void i18n.changeLanguage(l);
}
document.documentElement.lang = i18n.language;

/** Pick the zh or en variant of a bilingual value from the server. */
export function pick(v: { zh?: string; en?: string } | null | undefined, lang = i18n.language): string {
  if (!v) return '';
  return (lang.startsWith('en') ? v.en : v.zh) ?? v.zh ?? v.en ?? '';
}

export default i18n;
