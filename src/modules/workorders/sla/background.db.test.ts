/** The durable jobs run for real: pg-boss picks up the outbox and delivers to a local SMTP server; the SLA watch job runs. */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { testDb } from '../../../../test/support/db.js';
import { loadConfig } from '../../../config.js';
import { enqueue } from '../../../platform/outbox/outbox.js';
import { startServiceDeskBackground } from './background.js';

const db = await testDb();
const received: string[] = [];
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  onData(stream, session, cb) {
    stream.on('data', () => {});
    stream.on('end', () => {
      received.push(session.envelope.rcptTo.map((r) => r.address).join(','));
      cb();
    });
  },
});
await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', () => r()));
after(() => new Promise<void>((r) => smtp.close(() => r())));

test('pg-boss delivers an outbox e-mail within seconds; seeding ran once', async () => {
  const config = { ...loadConfig({}), smtpUrl: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}` };
  const stop = await startServiceDeskBackground({ db, config, url: db.url });
  try {
    assert.equal((await db.query('SELECT count(*)::int AS n FROM sla_policies')).rows[0].n > 0, true);
    assert.ok((await db.query('SELECT count(*)::int AS n FROM calendar_days')).rows[0].n > 700, 'calendar seeded from chinese-days');
    await enqueue(db, [{ event: 'test', channel: 'email', recipient: 'desk@example.test', body: '测试' }]);
    const deadline = Date.now() + 15_000;
    while (received.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    assert.deepEqual(received, ['desk@example.test']);
    // the server has the message before the sender hears its 250 and marks the row: wait for the mark
    const status = async () => (await db.query(`SELECT status FROM outbox WHERE recipient = 'desk@example.test'`)).rows[0].status as string;
    while ((await status()) !== 'sent' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.equal(await status(), 'sent');
  } finally {
    await stop();
  }
});
