/** "Downstream" on a device: traces GET /api/network/devices/:id/downstream and shows the counts. */
import { Button, Popover, Spin, Typography } from 'antd';
import { BranchesOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../api/client';
import { call, http } from '../api/http';

export default function DownstreamButton({ deviceId, name }: { deviceId: number; name: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const q = useQuery({
    queryKey: ['downstream', deviceId],
    queryFn: ({ signal }) => call(http.GET('/api/network/devices/{id}/downstream', { params: { path: { id: deviceId } }, signal }), signal),
    enabled: open,
  });
  const content = q.isLoading ? (
    <Spin size="small" />
  ) : q.error ? (
    <Typography.Text type="danger">{errorText(q.error)}</Typography.Text>
  ) : (
    q.data && (
      <div data-testid="downstream-result">
        <div>{t('customer.downstreamCustomers', { count: q.data.customers })}</div>
        <div>{t('customer.downstreamPoints', { count: q.data.servicePoints })}</div>
        <div>{t('customer.downstreamDevices', { count: q.data.devices.length })}</div>
      </div>
    )
  );
  return (
    <Popover open={open} onOpenChange={setOpen} trigger="click" title={t('customer.downstreamOf', { name })} content={content}>
      <Button size="small" type="link" icon={<BranchesOutlined />}>
        {t('customer.traceDownstream')}
      </Button>
    </Popover>
  );
}
