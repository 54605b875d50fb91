/** The caller's connection applications in the screen-pop (GET /api/cti/lookup): number, kind, stage and due time. */
import { Alert, Tag } from 'antd';
import { ApiOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { CtiLookup } from '../../api/outages';
import { label } from '../../components/labels';
import { fmtTime } from '../../components/time';

export function CtiConnections({ data }: { data: CtiLookup }) {
  const { t } = useTranslation();
  if (data.connections.length === 0) return null;
  return (
    <Alert
      type="info"
      showIcon
      icon={<ApiOutlined />}
      data-testid="pop-connections"
      title={t('conn.cti.title')}
      description={data.connections.map((c) => (
        <div key={c.id} style={{ marginTop: 4 }}>
          <Link to={`/connections/${c.id}`} className="gd-mono">
            {c.appNo}
          </Link>{' '}
          · {label('conn.kinds', c.kind)} · <Tag>{c.status === 'open' ? label('conn.stages', c.stage) : label('conn.statuses', c.status)}</Tag>
          {c.customerWait ? <Tag color="default">{t('conn.cti.customerWait')}</Tag> : null}
          {c.dueAt ? (
            <Tag color={c.clockState === 'breached' ? 'red' : 'blue'}>
              {t('conn.cti.due')} {fmtTime(c.dueAt)}
            </Tag>
          ) : null}
        </div>
      ))}
    />
  );
}
