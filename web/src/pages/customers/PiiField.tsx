/** A masked value with an eye button that fetches the full value (GET /api/customers/:id/pii, audited). */
import { useState } from 'react';
import { Button, Space, Tooltip } from 'antd';
import { EyeInvisibleOutlined, EyeOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../app/auth';
import { errorText } from '../../api/client';
import { call, http, type Reply } from '../../api/http';

type Pii = Reply<'/api/customers/{id}/pii', 'get'>;

export function usePii(customerId: number) {
  const [data, setData] = useState<Pii | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function reveal() {
    setBusy(true);
    setError(null);
    try {
      setData(await call(http.GET('/api/customers/{id}/pii', { params: { path: { id: customerId } } })));
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }
  return { data, busy, error, reveal, hide: () => setData(null) };
}

export function PiiToggle({ pii }: { pii: ReturnType<typeof usePii> }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  if (!can('customers.pii')) return null;
  return (
    <Space>
      <Tooltip title={pii.error ?? t('customer.piiAudited')}>
        {pii.data ? (
          <Button size="small" icon={<EyeInvisibleOutlined />} onClick={pii.hide}>
            {t('customer.hidePii')}
          </Button>
        ) : (
          <Button size="small" icon={<EyeOutlined />} loading={pii.busy} onClick={pii.reveal} danger={!!pii.error} data-testid="pii-show">
            {t('customer.showPii')}
          </Button>
        )}
      </Tooltip>
    </Space>
  );
}
