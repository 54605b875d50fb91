/**
 * A second person's decision (four eyes) as the payments pages take it: the approve / reject buttons of a
 * row and the confirmation that asks for an optional note, sends the decision and shows the server's
 * refusal (one's own request, already decided). Used by the approvals page and the cash deposits page.
 */
import { App as AntApp, Button, Input, Space } from 'antd';
import type { ColumnType } from 'antd/es/table';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../api/client';

/** What a decision sends: the record's id, approved or not, and the body (the note when one is written). */
export type SendDecision = (id: number, approve: boolean, body: { note?: string }) => Promise<unknown>;

/** The confirmation of a decision on record `id`: the note asked for, the decision sent, then `done` (a refresh). */
export function useDecide(send: SendDecision, done: () => Promise<unknown>) {
  const { t } = useTranslation();
  const { message, modal } = AntApp.useApp();
  return (id: number, approve: boolean) => {
    let note = '';
    modal.confirm({
      title: approve ? t('pay.approve') : t('pay.reject'),
      content: <Input.TextArea rows={2} placeholder={t('pay.note')} onChange={(e) => (note = e.target.value)} />,
      onOk: () =>
        send(id, approve, note ? { note } : {})
          .then(done)
          .catch((e) => {
            message.error(errorText(e));
          }),
    });
  };
}

/** The actions column: approve and reject buttons on the rows `open` says await a decision (every row by default). */
export function decisionColumn<T extends { id: number }>(
  t: TFunction,
  decide: (id: number, approve: boolean) => void,
  open: (r: T) => boolean = () => true,
): ColumnType<T> {
  return {
    title: t('common.actions'),
    render: (_: unknown, r: T) =>
      open(r) ? (
        <Space>
          <Button size="small" type="primary" onClick={() => decide(r.id, true)}>
            {t('pay.approve')}
          </Button>
          <Button size="small" danger onClick={() => decide(r.id, false)}>
            {t('pay.reject')}
          </Button>
        </Space>
      ) : null,
  };
}
