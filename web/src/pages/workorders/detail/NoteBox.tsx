import { useState } from 'react';
import { App, Button, Input, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../../api/client';
import { wo } from '../../../api/workorders';

export default function NoteBox({ orderId, onAdded }: { orderId: number; onAdded: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  async function add() {
    if (!text.trim()) return;
    setBusy(true);
    try {
      await wo.note(orderId, text.trim());
      setText('');
      message.success(t('wo.noteAdded'));
      onAdded();
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Space.Compact style={{ width: '100%' }}>
      <Input value={text} onChange={(e) => setText(e.target.value)} onPressEnter={add} placeholder={t('wo.addNote')} maxLength={2000} />
      <Button onClick={add} loading={busy}>
        {t('wo.addNote')}
      </Button>
    </Space.Compact>
  );
}
