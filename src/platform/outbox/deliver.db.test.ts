/**
 * Delivery through real local servers: an SMTP server (smtp-server) and an HTTP server playing
 * the SMS gateway and a webhook receiver. Retries with backoff, dead after a permanent refusal.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { testDb } from '../../../test/support/db.js';
import { enqueue } from './outbox.js';
import { deliverDue } from './deliver.js';
import { smsGatewayTransport, smtpTransport, webhookSignature, webhookTransport } from './transports.js';

const db = await testDb();

const mails: { to: string; data: string }[] = [];
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  onRcptTo(address, _session, cb) {
    if (address.address.startsWith('nobody@')) return cb(Object.assign(new Error('no such user'), { responseCode: 550 }));
    cb();
  },
  onData(stream, session, cb) {
    let data = '';
    stream.on('data', (c: Buffer) => (data += c.toString()));
    stream.on('end', () => {
      mails.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), data });
      cb();
    });
  },
});
await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', () => r()));
const smtpPort = (smtp.server.address() as AddressInfo).port;

const requests: { path: string; headers: http.IncomingHttpHeaders; body: string }[] = [];
let smsFailuresLeft = 1;
const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    requests.push({ path: req.url ?? '', headers: req.headers, body });
    if (req.url === '/sms' && smsFailuresLeft > 0) {
      smsFailuresLeft--;
      res.writeHead(503).end('busy');
      return;
    }
    if (req.url === '/sms' && JSON.parse(body).to === '13900000000') return void res.writeHead(422).end('{"error":"blocked number"}');
    res.writeHead(req.url === '/sms' ? 202 : 200, { 'content-type': 'application/json' }).end('{"accepted":true}');
  });
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
after(async () => {
  await new Promise<void>((r) => smtp.close(() => r()));
  await new Promise<void>((r) => server.close(() => r()));
});

const transports = {
  email: smtpTransport(`smtp://127.0.0.1:${smtpPort}`, 'griddesk@example.test'),
  sms: smsGatewayTransport(`${base}/sms`, 'gw-token'),
  webhook: webhookTransport(),
};
// Backoffs long enough that a loaded machine cannot outrun them; the tests move next_attempt_at themselves.
const retry = { maxAttempts: 3, backoffSeconds: [60, 120] };
const status = async (id: number) => (await db.query('SELECT status, attempts, last_error, next_attempt_at FROM outbox WHERE id = $1', [id])).rows[0];
const lastId = async () => (await db.query('SELECT max(id)::int AS id FROM outbox')).rows[0].id as number;

test('e-mail goes out over SMTP', async () => {
  await enqueue(db, [{ event: 'sla.warning', channel: 'email', recipient: 'owner@example.test', subject: 'SLA 预警', body: '工单 251103000001 已用时 75%' }]);
  const id = await lastId();
  const r = await deliverDue(db, transports, { retry });
  assert.equal(r.sent, 1);
  assert.equal((await status(id)).status, 'sent');
  assert.equal(mails.length, 1);
  assert.equal(mails[0].to, 'owner@example.test');
  assert.match(mails[0].data, /Subject: =\?UTF-8\?/);
});

test('an SMTP 5xx refusal is permanent: the message is dead at once', async () => {
  await enqueue(db, [{ event: 'x', channel: 'email', recipient: 'nobody@example.test', body: 'x' }]);
  const id = await lastId();
  await deliverDue(db, transports, { retry });
  const s = await status(id);
  assert.equal(s.status, 'dead');
  assert.match(s.last_error, /550/);
});

test('SMS through the HTTP gateway: a 503 is retried with backoff, then delivered', async () => {
  await enqueue(db, [{ event: 'workorder.accepted', channel: 'sms', recipient: '13812345678', body: '【国网供电服务】您的诉求已受理' }]);
  const id = await lastId();
  const first = await deliverDue(db, transports, { retry });
  assert.equal(first.failed, 1);
  const s = await status(id);
  assert.equal(s.status, 'failed');
  // next_attempt_at comes back as a Date: compare its milliseconds (Date.parse of its string drops them).
  assert.ok(new Date(s.next_attempt_at).getTime() > Date.now() + 30_000, 'waits for the backoff');
  assert.equal((await deliverDue(db, transports, { retry })).claimed, 0, 'not before its time');
  await db.query('UPDATE outbox SET next_attempt_at = now() WHERE id = $1', [id]);
  assert.equal((await deliverDue(db, transports, { retry })).sent, 1);
  assert.equal((await status(id)).attempts, 2);
  const sms = requests.filter((r) => r.path === '/sms').at(-1)!;
  assert.equal(sms.headers.authorization, 'Bearer gw-token');
  assert.equal(sms.headers['idempotency-key'], `griddesk-outbox-${id}`);
  assert.deepEqual(JSON.parse(sms.body), { id: String(id), to: '13812345678', message: '【国网供电服务】您的诉求已受理', urgent: false });
});

test('a 4xx from the gateway is permanent; repeated 5xx end dead after maxAttempts', async () => {
  await enqueue(db, [{ event: 'x', channel: 'sms', recipient: '13900000000', body: 'x' }]);
  const blocked = await lastId();
  await deliverDue(db, transports, { retry });
  assert.equal((await status(blocked)).status, 'dead');
  const down = { sms: smsGatewayTransport('http://127.0.0.1:1/sms', null, 500) };
  await enqueue(db, [{ event: 'x', channel: 'sms', recipient: '13812345678', body: 'y' }]);
  const id = await lastId();
  for (let i = 0; i < 3; i++) {
    await db.query('UPDATE outbox SET next_attempt_at = now() WHERE id = $1', [id]);
    await deliverDue(db, down, { retry });
  }
  const s = await status(id);
  assert.equal(s.status, 'dead');
  assert.equal(s.attempts, 3);
});

test('webhooks are signed with the endpoint secret', async () => {
  const ep = (
    await db.query(`INSERT INTO webhook_endpoints (name, url, events, secret) VALUES ('crm', $1, '{workorder.accepted}', 's3cret') RETURNING id`, [
      `${base}/hook`,
    ])
  ).rows[0].id;
  await enqueue(db, [
    { event: 'workorder.accepted', channel: 'webhook', recipient: String(ep), body: 'workorder.accepted', payload: { orderNo: '251103000001' } },
  ]);
  const id = await lastId();
  assert.equal((await deliverDue(db, transports, { retry })).sent, 1);
  const hook = requests.find((r) => r.path === '/hook')!;
  assert.equal(hook.headers['x-griddesk-signature'], webhookSignature('s3cret', hook.body));
  assert.deepEqual(JSON.parse(hook.body), { id, event: 'workorder.accepted', payload: { orderNo: '251103000001' } });
});

test('a message held for quiet hours is not sent before its time; two workers never send one message twice', async () => {
  await enqueue(db, [{ event: 'x', channel: 'email', recipient: 'late@example.test', body: 'x', notBefore: new Date(Date.now() + 3_600_000) }]);
  assert.equal((await deliverDue(db, transports, { retry })).claimed, 0);
  const before = mails.length;
  await enqueue(
    db,
    Array.from({ length: 10 }, (_, i) => ({ event: 'x', channel: 'email' as const, recipient: `u${i}@example.test`, body: 'x' })),
  );
  const [a, b] = await Promise.all([deliverDue(db, transports, { retry, batch: 10 }), deliverDue(db, transports, { retry, batch: 10 })]);
  assert.equal(a.sent + b.sent, 10);
  assert.equal(mails.length - before, 10);
});
