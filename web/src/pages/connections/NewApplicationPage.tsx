/** 新建用电申请 at the counter or from a phone consultation. */
import { useNavigate } from 'react-router-dom';
import { App, Card, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { connections } from '../../api/connections';
import { ApplicationForm } from './ApplicationForm';

export default function NewApplicationPage() {
  const { t } = useTranslation();
  const nav = useNavigate();
  const { message } = App.useApp();
  return (
    <Card>
      <Typography.Title level={3}>{t('conn.newTitle')}</Typography.Title>
      <ApplicationForm
        onSubmit={async (body) => {
          const r = await connections.create(body);
          message.success(t('conn.created', { no: r.appNo }));
          nav(`/connections/${r.id}`);
        }}
      />
    </Card>
  );
}
