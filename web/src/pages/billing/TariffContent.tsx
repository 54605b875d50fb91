/** A tariff version's content as people read it: tier bounds, prices by tier and TOU period, the TOU hours, basic charge, funds, source. */
import { Descriptions, Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PriceSet, TariffVersion } from '../../api/billing';

const PERIOD_KEYS = ['all', 'critical', 'peak', 'flat', 'valley'] as const;

export function Prices({ sets }: { sets: PriceSet[] }) {
  const { t } = useTranslation();
  return (
    <Space direction="vertical" size={0}>
      {sets.map((s, i) => (
        <span key={i}>
          {sets.length > 1 && <Tag>{t('bill.tier', { n: i + 1 })}</Tag>}
          {PERIOD_KEYS.filter((p) => s[p] !== undefined)
            .map((p) => `${t(`bill.periods.${p}`)} ${s[p]}`)
            .join(' · ')}
        </span>
      ))}
    </Space>
  );
}

export default function TariffContent({ v, hours = false }: { v: TariffVersion; hours?: boolean }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  const c = v.content;
  return (
    <Descriptions size="small" column={1} bordered>
      {c.tiers && (
        <Descriptions.Item label={c.tiers.basis === 'annual' ? t('bill.tierBounds') : t('bill.monthlyBounds')}>
          {c.tiers.basis === 'annual' ? c.tiers.bounds.join(' / ') : c.tiers.bounds.map((b) => b.join('/')).join(' · ')}
        </Descriptions.Item>
      )}
      <Descriptions.Item label={t('bill.rates')}>
        <Prices sets={c.rates} />
      </Descriptions.Item>
      {c.touRates && (
        <Descriptions.Item label={t('bill.touRates')}>
          <Prices sets={c.touRates} />
        </Descriptions.Item>
      )}
      {hours && c.touCalendar && (
        <Descriptions.Item label={t('billrun.touHours')}>
          <Space direction="vertical" size={0}>
            {c.touCalendar.seasons.map((s) => (
              <span key={s.name}>
                <Tag>{t('billrun.months', { months: s.months.join('、') })}</Tag>
                {s.ranges.map((r) => `${r.from}–${r.to} ${t(`bill.periods.${r.period}`)}`).join('；')}
              </span>
            ))}
          </Space>
        </Descriptions.Item>
      )}
      {c.basic && (
        <Descriptions.Item label={t('bill.basic')}>
          {t('bill.capacityPrice', { p: c.basic.capacityPrice })} · {t('bill.demandPrice', { p: c.basic.demandPrice })}
        </Descriptions.Item>
      )}
      {c.funds.length > 0 && (
        <Descriptions.Item label={t('bill.funds')}>{c.funds.map((f) => `${en ? f.nameEn : f.nameZh} ${f.price}`).join(' · ')}</Descriptions.Item>
      )}
      {c.source && <Descriptions.Item label={t('bill.source')}>{c.source}</Descriptions.Item>}
    </Descriptions>
  );
}
