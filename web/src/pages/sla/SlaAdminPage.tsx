/** SLA policies (versioned data) with the active policy set, the working-day calendar editable per year, and the service-desk settings. */
import { Card, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import PoliciesTab from './PoliciesTab';
import CalendarTab from './CalendarTab';
import DeskSettingsTab from './DeskSettingsTab';

export default function SlaAdminPage() {
  const { t } = useTranslation();
  return (
    <Card>
      <div className="gd-page-title">
        <Typography.Title level={3}>{t('slaAdmin.title')}</Typography.Title>
      </div>
      <Tabs
        items={[
          { key: 'policies', label: t('slaAdmin.policies'), children: <PoliciesTab /> },
          { key: 'calendar', label: t('slaAdmin.calendar'), children: <CalendarTab /> },
          { key: 'desk', label: t('slaAdmin.desk'), children: <DeskSettingsTab /> },
        ]}
      />
    </Card>
  );
}
