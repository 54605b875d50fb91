/**
 * Payment use cases (docs/payments.md): find an account, what it owes today, take a payment
 * (idempotent by channel + reference), an account's payment history, one payment.
 *
 * Taking a payment, in one transaction under a per-account advisory lock:
 * 1. the reference: seen before with the same account, amount and method → the first result
 *    (`replayed: true`), nothing paid again; seen with other content → 409 REFERENCE_REUSED;
 * 2. the account's open bills are posted to the ledger if they were not yet (idempotent);
 * 3. the fee due now on each overdue bill is charged (collection's lateFee, explained per line),
 *    the money allocated by the policy (collection's allocatePayment), the rest kept as credit;
 * 4. payment, allocation lines and fee charges are stored, and posted to the ledger as
 *    `late_fee_charged` per bill and one `payment_received` { principal, lateFee, credit };
 * 5. audited as payment.take.
 */
import { withTx, type Db, type Queryable, type Tx } from '../../db/pool.js';
import { recordAudit, type Actor } from '../../platform/audit/audit.js';
import { badField, conflict, notFound } from '../../platform/errors.js';
import { actorOf, type Principal } from '../identity/index.js';
import { accountsForCollection, type AccountForCollection } from '../customers/index.js';
import { postReleasedBills } from '../billing/index.js';
import { ledgerUnitFor, postMoneyEvents, todayBeijing, type MoneyEvent } from '../ledger/index.js';
import { overpayNeedsConfirmation, owedLines, planPayment } from './payment-rules.js';
import { PAYMENTS_POLICY } from './policy-data.js';
import { billStates, creditOf, paymentsWhere, visibleAccount } from './store.js';
import type { AccountOut, Arrears, PaymentOut, PaymentsPolicy } from './schemas.js';

const toAccountOut = (a: AccountForCollection): AccountOut => ({
  accountId: a.accountId,
  accountNo: a.accountNo,
  customerName: a.customerName,
  orgUnitId: a.orgUnitId,
  status: a.status,
  customerClass: a.customerClass,
});

/** Accounts in scope whose number starts with `q` (户号). */
export async function findAccounts(db: Db, p: Principal, q: string): Promise<AccountOut[]> {
  const prefix = q.trim();
  if (!/^[0-9A-Za-z-]+$/.test(prefix))
    throw badField('q', 'pattern', '户号只能包含字母、数字和连字符', 'an account number has only letters, digits and hyphens');
  return (await accountsForCollection(db, p.orgPath, { prefix }, 20)).map(toAccountOut);
}

/** What an account owes today, bill by bill, with the late fee that paying today would charge. */
export async function arrearsOf(
  db: Queryable,
  p: Principal,
  accountId: number,
  policy: PaymentsPolicy = PAYMENTS_POLICY,
  asOf = todayBeijing(),
): Promise<Arrears> {
  const account = await visibleAccount(db, p, accountId);
  const { states } = await billStates(db, accountId);
  const lines = owedLines(states, asOf, policy);
  const creditFen = await creditOf(db, accountId);
  const principalOwedFen = lines.reduce((s, l) => s + l.principalOwedFen, 0);
  const lateFeeOwedFen = lines.reduce((s, l) => s + l.feeOwedFen + l.lateFee.dueNowFen, 0);
  const totalOwedFen = principalOwedFen + lateFeeOwedFen;
  return {
    account: toAccountOut(account),
    asOf,
    lines,
    principalOwedFen,
    lateFeeOwedFen,
    totalOwedFen,
    creditFen,
    balanceFen: creditFen - totalOwedFen,
    feeOrder: policy.allocation.feeOrder,
  };
}

export interface PaymentIn {
  accountId: number;
  amountFen: number;
  channel: 'counter' | 'online' | 'bank';
  method: string;
  reference: string;
  confirmOverpay?: boolean;
}

/** Take one payment inside the caller's transaction (counter, gateway callback, bank file line). */
export async function takePaymentIn(
  tx: Tx,
  p: Principal,
  input: PaymentIn,
  policy: PaymentsPolicy = PAYMENTS_POLICY,
  today = todayBeijing(),
  actor: Actor = actorOf(p),
): Promise<PaymentOut> {
  if (!Number.isSafeInteger(input.amountFen) || input.amountFen <= 0)
    throw badField('amountFen', 'range', '缴费金额须为正整数分', 'the amount must be a positive whole number of fen');
  const account = await visibleAccount(tx, p, input.accountId);
  await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('payments:account:' || $1::text, 0))`, [input.accountId]);
  const seen = await paymentsWhere(tx, 'p.channel = $1 AND p.reference = $2', [input.channel, input.reference]);
  if (seen[0]) {
    const s = seen[0];
    if (s.accountId === input.accountId && s.amountFen === input.amountFen && s.method === input.method) return { ...s, replayed: true };
    throw conflict(
      `交易参考号 ${input.reference} 已用于另一笔缴费（收据 ${s.receiptNo}）`,
      `reference ${input.reference} was already used for another payment (receipt ${s.receiptNo})`,
      { receiptNo: s.receiptNo },
      'REFERENCE_REUSED',
      [{ field: 'reference', rule: 'unique', message: '交易参考号已使用', messageEn: 'the reference was already used' }],
    );
  }
  if (input.channel === 'counter') {
    const closed = await tx.query('SELECT id FROM cashier_closes WHERE cashier_id = $1 AND day = $2', [p.id, today]);
    if (closed.rows[0])
      throw conflict(`${today} 已日结，不能再收费`, `the day ${today} is closed for this cashier: no more payments`, { day: today }, 'DAY_CLOSED');
  }
  const { states, classes } = await billStates(tx, input.accountId);
  const plan = planPayment(states, input.amountFen, today, policy);
  if (!input.confirmOverpay && overpayNeedsConfirmation(input.amountFen, plan.totalOwedFen, policy))
    throw badField(
      'amountFen',
      'overpay_unconfirmed',
      `缴费金额超出欠费 ${plan.totalOwedFen} 分逾 ${policy.overpayConfirmFen} 分，需确认多缴部分转为预收`,
      `the amount exceeds the debt (${plan.totalOwedFen} fen) by more than ${policy.overpayConfirmFen} fen: confirm the overpayment as credit`,
    );
  const unit = await ledgerUnitFor(tx, account.orgPath);
  const customerClass = plan.owed[0] ? (classes.get(plan.owed[0].billId) ?? account.customerClass) : account.customerClass;
  const id = Number((await tx.query(`SELECT nextval(pg_get_serial_sequence('payments', 'id')) AS id`)).rows[0].id);
  const receiptNo = `SK${today.replaceAll('-', '')}${String(id).padStart(8, '0')}`;
  const cycles = Object.fromEntries(plan.owed.map((l) => [String(l.billId), l.cycle]));
  const charges = plan.charges.map((c) => ({ billId: c.billId, amountFen: c.amountFen, lateFee: c.lateFee }));
  const feeCharged = charges.reduce((s, c) => s + c.amountFen, 0);
  await tx.query(
    `INSERT INTO payments (id, account_id, customer_id, org_unit_id, org_path, ledger_unit_id, customer_class, channel, method, reference, amount_fen,
       principal_fen, late_fee_fen, credit_fen, fee_charged_fen, explanation, paid_on, cashier_id, cashier_name, receipt_no)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20)`,
    [
      id,
      input.accountId,
      account.customerId,
      account.orgUnitId,
      account.orgPath,
      unit?.orgUnitId ?? null,
      customerClass,
      input.channel,
      input.method,
      input.reference,
      input.amountFen,
      plan.principalFen,
      plan.lateFeeFen,
      plan.creditFen,
      feeCharged,
      JSON.stringify({ accountNo: account.accountNo, cycles, charges, owedBeforeFen: plan.totalOwedFen }),
      today,
      input.channel === 'counter' ? p.id : null,
      input.channel === 'counter' ? p.name : null,
      receiptNo,
    ],
  );
  if (plan.allocation.lines.length)
    await tx.query(
      `INSERT INTO payment_allocations (account_id, payment_id, line_no, bill_id, kind, amount_fen)
       SELECT $1, $2, n, b, k, f FROM unnest($3::bigint[], $4::text[], $5::bigint[]) WITH ORDINALITY AS t(b, k, f, n)`,
      [
        input.accountId,
        id,
        plan.allocation.lines.map((l) => Number(l.billId)),
        plan.allocation.lines.map((l) => l.kind),
        plan.allocation.lines.map((l) => l.amountFen),
      ],
    );
  for (const c of charges)
    await tx.query('INSERT INTO late_fee_charges (account_id, payment_id, bill_id, amount_fen, explanation) VALUES ($1,$2,$3,$4,$5)', [
      input.accountId,
      id,
      c.billId,
      c.amountFen,
      JSON.stringify(c.lateFee),
    ]);
  if (unit) {
    // the bills first (idempotent: bills released before the books existed are posted now), then the fees and the payment
    await postReleasedBills(tx, { billIds: states.map((s) => s.billId) });
    const events: MoneyEvent[] = charges.map((c) => ({
      type: 'late_fee_charged',
      id: `payfee:${id}:${c.billId}`,
      orgUnitId: unit.orgUnitId,
      date: today,
      customerClass: classes.get(c.billId) ?? customerClass,
      amounts: { lateFee: c.amountFen },
      memo: `违约金 ${c.lateFee.days} 天 / late fee, bill ${c.billId}`,
    }));
    events.push({
      type: 'payment_received',
      id: `payment:${id}`,
      orgUnitId: unit.orgUnitId,
      date: today,
      customerClass,
      amounts: { principal: plan.principalFen, lateFee: plan.lateFeeFen, credit: plan.creditFen },
      memo: `${input.channel} ${receiptNo}`,
    });
    await postMoneyEvents(tx, events, p.kind === 'user' ? p.id : null);
  }
  await recordAudit(tx, actor, {
    action: 'payment.take',
    entity: 'payment',
    entityId: id,
    orgUnitId: account.orgUnitId,
    after: {
      receiptNo,
      accountNo: account.accountNo,
      channel: input.channel,
      method: input.method,
      reference: input.reference,
      amountFen: input.amountFen,
      principalFen: plan.principalFen,
      lateFeeFen: plan.lateFeeFen,
      creditFen: plan.creditFen,
      feeChargedFen: feeCharged,
    },
  });
  const [out] = await paymentsWhere(tx, 'p.id = $1', [id]);
  return out;
}

/** A payment at the service-hall counter by the signed-in cashier. */
export async function takeCounterPayment(
  db: Db,
  p: Principal,
  body: { accountId: number; amountFen: number; method: 'cash' | 'card' | 'transfer'; reference: string; confirmOverpay?: boolean },
): Promise<PaymentOut> {
  if (!PAYMENTS_POLICY.counterMethods.includes(body.method))
    throw badField('method', 'enum', `柜台不收 ${body.method}`, `the counter does not take ${body.method}`);
  return withTx(db, (tx) => takePaymentIn(tx, p, { ...body, channel: 'counter' }));
}

/** An account's payments, newest first. */
export async function accountPayments(db: Db, p: Principal, accountId: number): Promise<PaymentOut[]> {
  const a = await visibleAccount(db, p, accountId);
  return paymentsWhere(db, 'p.account_id = $1', [accountId], new Map([[a.accountId, a.accountNo]]));
}

/** One payment in the caller's scope. */
export async function getPayment(db: Queryable, p: Principal, id: number): Promise<PaymentOut> {
  const [out] = await paymentsWhere(db, `p.id = $1 AND p.org_path LIKE $2 || '%'`, [id, p.orgPath]);
  if (!out) throw notFoundPayment();
  return out;
}

/** Portal: the signed-in customer's payments. */
export async function myPayments(db: Db, p: Principal): Promise<PaymentOut[]> {
  if (!p.customerId) return [];
  return paymentsWhere(db, 'p.customer_id = $1', [p.customerId]);
}

const notFoundPayment = () => notFound('Payment', '缴费记录');
