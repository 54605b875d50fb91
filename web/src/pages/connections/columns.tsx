/**
 * Table columns the connection lists share (the workbench, the review board, a customer's applications):
 * the application number linking to its page, the customer class and the live clock (ConnClock).
 */
import { Link } from 'react-router-dom';
import type { ColumnType } from 'antd/es/table';
import type { TFunction } from 'i18next';
import type { LiveClock } from '../../api/connections';
import { label } from '../../components/labels';
import { ConnClock } from './ConnClock';

/** The application number, opening the application's page. */
export const appNoColumn = <T extends { id: number; appNo: string }>(t: TFunction): ColumnType<T> => ({
  title: t('conn.appNo'),
  dataIndex: 'appNo',
  render: (v: string, a: T) => (
    <Link className="gd-mono" to={`/connections/${a.id}`}>
      {v}
    </Link>
  ),
});

/** The customer class, as its label. */
export const customerClassColumn = <T extends { customerClass: string }>(t: TFunction): ColumnType<T> => ({
  title: t('conn.customerClass'),
  dataIndex: 'customerClass',
  render: (v: string) => label('conn.classes', v),
});

/** The live clock of the application's stage. */
export const clockColumn = <T extends { clock: LiveClock | null }>(t: TFunction): ColumnType<T> => ({
  title: t('conn.clock'),
  key: 'clock',
  render: (_: unknown, a: T) => <ConnClock clock={a.clock} />,
});
