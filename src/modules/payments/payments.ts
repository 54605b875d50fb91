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
import { idArray } from '../../db/params.js';
import { copyRows } from '../../db/copy.js';
import { recordAudit, type Actor } from '../../platform/audit/audit.js';
import { badField, conflict, notFound } from '../../platform/errors.js';
import { actorOf, type Principal } from '../identity/index.js';
import { accountsForCollection, type AccountForCollection } from '../customers/index.js';
import { postReleasedBills } from '../billing/index.js';
import { ledgerUnitFor, postMoneyEvents, todayBeijing, type LedgerUnit, type MoneyEvent } from '../ledger/index.js';
import { overpayNeedsConfirmation, owedLines, planPayment, type PaymentPlan } from './payment-rules.js';
import { PAYMENTS_POLICY } from './policy-data.js';
import { topUpFromPaymentsIn } from '../prepaid/index.js';
import { billStates, billStatesOf, creditOf, paymentsWhere, visibleAccount } from './store.js';
import { pendingCredits, reverseStaleCredits } from './bill-credits.js';
import { accountCreditInputs, isAccountCredit } from './account-credit-inputs.js';
import { receiptEventType } from './receipt-events.js';
import { recordRecoveriesIn } from '../collection/index.js';
import type { AccountOut, Arrears, PaymentOut, PaymentsPolicy } from './schemas.js';

const PAYMENT_COPY_COLUMNS = [
  'id',
  'account_id',
  'customer_id',
  'org_unit_id',
  'org_path',
  'ledger_unit_id',
  'customer_class',
  'channel',
  'method',
  'reference',
  'amount_fen',
  'principal_fen',
  'late_fee_fen',
  'credit_fen',
  'fee_charged_fen',
  'explanation',
  'paid_on',
  'cashier_id',
  'cashier_name',
  'receipt_no',
  'ledger_source',
];

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
  const { states, writtenOff, credits } = await billStates(db, accountId);
  const lines = owedLines(states, asOf, policy);
  const applied = credits.length
    ? new Set(
        (await db.query(`SELECT reference FROM payments WHERE channel = 'credit' AND reference = ANY($1::text[])`, [credits.map((c) => c.reference)])).rows.map(
          (r) => r.reference as string,
        ),
      )
    : new Set<string>();
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
    recoverableFen: writtenOff.reduce((s, d) => s + d.principalFen + d.lateFeeFen, 0),
    pendingCreditFen: credits.filter((c) => !applied.has(c.reference)).reduce((s, c) => s + c.creditFen, 0),
  };
}

export interface PaymentIn {
  accountId: number;
  amountFen: number;
  /** 'credit': a credit bill or a cancelled bill's paid money applied (bill-credits.ts), no money received */
  channel: 'counter' | 'online' | 'bank' | 'credit';
  method: string;
  reference: string;
  confirmOverpay?: boolean;
}

/** Take one payment inside the caller's transaction (counter, gateway callback). */
export async function takePaymentIn(
  tx: Tx,
  p: Principal,
  input: PaymentIn,
  policy: PaymentsPolicy = PAYMENTS_POLICY,
  today = todayBeijing(),
  actor: Actor = actorOf(p),
): Promise<PaymentOut> {
  return (await takePaymentsIn(tx, p, [input], policy, today, actor))[0];
}

/**
 * A bank file's chunk is posted summarised: one `payment_received` (and one `late_fee_charged` when
 * fees were charged) per ledger unit and customer class, source id `<sourcePrefix>:<unit>:<class>`,
 * each payment naming that id in `payments.ledger_source`; the caller audits the chunk as a whole.
 */
export interface SummaryPosting {
  sourcePrefix: string;
  memo: string;
}

/** What a payment of a batch came to (the caller's own audit row of a chunk). */
export interface TakenPayment {
  id: number;
  reference: string;
  amountFen: number;
  principalFen: number;
  lateFeeFen: number;
  creditFen: number;
  feeChargedFen: number;
  ledgerSource: string | null;
}

/**
 * Take many payments inside the caller's transaction (a bank result file's chunk): the same rules as
 * one payment, with a handful of statements for the whole batch — the accounts' locks in id order,
 * their bills and earlier payments read at once, each payment planned in order (two lines of one
 * account see each other), rows written with unnest, the ledger events posted in one postMoneyEvents.
 * Results in the inputs' order; a reference seen before answers its first payment (`replayed`).
 */
export async function takeCore(
  tx: Tx,
  p: Principal,
  inputs: PaymentIn[],
  policy: PaymentsPolicy = PAYMENTS_POLICY,
  today = todayBeijing(),
  actor: Actor = actorOf(p),
  summary?: SummaryPosting,
  alsoAccounts: number[] = [],
  opts: { accountCredit?: boolean } = {},
): Promise<{ ids: number[]; replayed: boolean[]; seen: Map<number, PaymentOut>; taken: TakenPayment[] }> {
  for (const input of inputs)
    if (!Number.isSafeInteger(input.amountFen) || input.amountFen <= 0)
      throw badField('amountFen', 'range', '缴费金额须为正整数分', 'the amount must be a positive whole number of fen');
  const accountIds = [...new Set([...inputs.map((i) => i.accountId), ...alsoAccounts])].sort((a, b) => a - b);
  const accounts = new Map((await accountsForCollection(tx, p.orgPath, { accountIds }, accountIds.length)).map((a) => [a.accountId, a]));
  for (const id of accountIds) if (!accounts.has(id)) throw notFound('Account', '用电户');
  await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('payments:account:' || x::text, 0)) FROM unnest($1::bigint[]) AS x ORDER BY x`, [
    idArray(accountIds),
  ]);
  // a credit bill cancelled since its credit was applied: that application is reversed first (bill-credits.ts)
  if (!summary) await reverseStaleCredits(tx, p, accountIds, today, actor);
  // references seen before: per channel, an index scan of (channel, reference) for the chunk's references
  const seenIds: number[] = [];
  for (const channel of new Set(inputs.map((i) => i.channel))) {
    const refs = inputs.filter((i) => i.channel === channel).map((i) => i.reference);
    const { rows } = await tx.query(`SELECT p.id FROM payments p WHERE p.channel = $1 AND p.reference = ANY($2::text[])`, [channel, refs]);
    for (const r of rows) seenIds.push(Number(r.id));
  }
  const seen = new Map<string, PaymentOut>();
  if (seenIds.length)
    for (const s of await paymentsWhere(tx, 'p.id = ANY($1::bigint[])', [seenIds], undefined, seenIds.length)) seen.set(`${s.channel}|${s.reference}`, s);
  if (inputs.some((i) => i.channel === 'counter')) {
    const closed = await tx.query('SELECT id FROM cashier_closes WHERE cashier_id = $1 AND day = $2', [p.id, today]);
    if (closed.rows[0])
      throw conflict(`${today} 已日结，不能再收费`, `the day ${today} is closed for this cashier: no more payments`, { day: today }, 'DAY_CLOSED');
  }
  const states = await billStatesOf(tx, accountIds);
  // credits not applied yet (credit bills, money paid on cancelled bills) are applied first, as payments of channel 'credit'
  const credits = await pendingCredits(tx, states);
  const lead = credits.length;
  const asked = inputs.length;
  inputs = [...credits, ...inputs];
  const units = new Map<string, LedgerUnit | null>();
  for (const a of accounts.values()) if (!units.has(a.orgPath)) units.set(a.orgPath, await ledgerUnitFor(tx, a.orgPath));

  type Planned = { index: number; id: number; input: PaymentIn; account: AccountForCollection; plan: PaymentPlan; customerClass: string; receiptNo: string };
  const planned: Planned[] = [];
  const sourceOf = (x: Planned): string | null => {
    const unit = units.get(x.account.orgPath);
    return summary && unit && x.input.channel !== 'credit' ? `${summary.sourcePrefix}:${unit.orgUnitId}:${x.customerClass}` : null;
  };
  const results: (PaymentOut | number)[] = [];
  const batchRefs = new Map<string, number>();
  const planOne = (index: number, input: PaymentIn): void => {
    const key = `${input.channel}|${input.reference}`;
    const s = seen.get(key);
    const earlier = batchRefs.get(key);
    if (s || earlier !== undefined) {
      const first = s ?? planned[earlier!];
      const same = s
        ? s.accountId === input.accountId && s.amountFen === input.amountFen && s.method === input.method
        : first &&
          'input' in first &&
          first.input.accountId === input.accountId &&
          first.input.amountFen === input.amountFen &&
          first.input.method === input.method;
      if (same) {
        results.push(s ? { ...s, replayed: true } : -1 - earlier!);
        return;
      }
      throw conflict(
        `交易参考号 ${input.reference} 已用于另一笔缴费`,
        `reference ${input.reference} was already used for another payment`,
        { receiptNo: s?.receiptNo ?? null },
        'REFERENCE_REUSED',
        [{ field: 'reference', rule: 'unique', message: '交易参考号已使用', messageEn: 'the reference was already used' }],
      );
    }
    const account = accounts.get(input.accountId)!;
    const st = states.get(input.accountId) ?? { states: [], classes: new Map<number, string>(), credits: [], writtenOff: [] };
    // every channel recovers written-off debts with what is left after the open debts (a bank file's line too: its recovery is posted on its own)
    const plan = planPayment(st.states, input.amountFen, today, policy, st.writtenOff);
    const recoverable = policy.recoverWrittenOff ? plan.recoverableFen : 0;
    if (!input.confirmOverpay && overpayNeedsConfirmation(input.amountFen, plan.totalOwedFen + recoverable, policy))
      throw badField(
        'amountFen',
        'overpay_unconfirmed',
        `缴费金额超出欠费 ${plan.totalOwedFen} 分逾 ${policy.overpayConfirmFen} 分，需确认多缴部分转为预收`,
        `the amount exceeds the debt (${plan.totalOwedFen} fen) by more than ${policy.overpayConfirmFen} fen: confirm the overpayment as credit`,
      );
    // a later line of the same account sees this one
    for (const c of plan.charges) st.states.find((b) => b.billId === c.billId)!.feeChargedFen += c.amountFen;
    for (const l of plan.allocation.lines) {
      const b = st.states.find((x) => x.billId === Number(l.billId));
      if (!b) continue; // a recovery line (a written-off bill): below
      if (l.kind === 'principal') b.principalPayments.push({ date: today, principalFen: l.amountFen });
      else b.feePaidFen += l.amountFen;
    }
    for (const r of plan.recovery.lines) {
      const d = st.writtenOff.find((x) => x.billId === r.billId)!;
      d.principalFen -= r.principalFen;
      d.lateFeeFen -= r.lateFeeFen;
    }
    const customerClass = plan.owed[0] ? (st.classes.get(plan.owed[0].billId) ?? account.customerClass) : account.customerClass;
    batchRefs.set(key, planned.length);
    results.push(planned.length);
    planned.push({ index, id: 0, input, account, plan, customerClass, receiptNo: '' });
  };
  for (const [index, input] of inputs.entries()) planOne(index, input);
  // the accounts' ordinary credit (预收) applied to what they owe now, after their credit bills (account-credits.ts)
  if (opts.accountCredit) for (const input of await accountCreditInputs(tx, accountIds, states, planned, today, policy)) planOne(results.length, input);
  if (planned.length) {
    // the sequence looked up once (an initplan), not for every id drawn
    const idSql = `SELECT nextval((SELECT pg_get_serial_sequence('payments', 'id')::regclass))::bigint AS id FROM generate_series(1, $1)`;
    const ids = (await tx.query(idSql, [planned.length])).rows.map((r) => Number(r.id));
    planned.forEach((x, i) => {
      x.id = ids[i];
      // a credit applied (no money received) is numbered CD (冲抵), a payment SK (收款)
      x.receiptNo = `${x.input.channel === 'credit' ? 'CD' : 'SK'}${today.replaceAll('-', '')}${String(x.id).padStart(8, '0')}`;
    });
    // the rows by COPY (docs/payments.md, Benchmark): no array literals to build and parse
    await copyRows(
      tx,
      'payments',
      PAYMENT_COPY_COLUMNS,
      planned.map((x) => [
        x.id,
        x.input.accountId,
        x.account.customerId,
        x.account.orgUnitId,
        x.account.orgPath,
        units.get(x.account.orgPath)?.orgUnitId ?? null,
        x.customerClass,
        x.input.channel,
        x.input.method,
        x.input.reference,
        x.input.amountFen,
        x.plan.principalFen,
        x.plan.lateFeeFen,
        x.plan.creditFen,
        x.plan.charges.reduce((s, c) => s + c.amountFen, 0),
        JSON.stringify({
          accountNo: x.account.accountNo,
          cycles: Object.fromEntries(x.plan.owed.map((l) => [String(l.billId), l.cycle])),
          charges: x.plan.charges.map((c) => ({ billId: c.billId, amountFen: c.amountFen, lateFee: c.lateFee })),
          owedBeforeFen: x.plan.totalOwedFen,
          recoveries: x.plan.recovery.lines,
        }),
        today,
        x.input.channel === 'counter' ? p.id : null,
        x.input.channel === 'counter' ? p.name : null,
        x.receiptNo,
        sourceOf(x),
      ]),
    );
    await copyRows(
      tx,
      'payment_allocations',
      ['account_id', 'payment_id', 'line_no', 'bill_id', 'kind', 'amount_fen'],
      planned.flatMap((x) => x.plan.allocation.lines.map((l, i) => [x.input.accountId, x.id, i + 1, Number(l.billId), l.kind, l.amountFen])),
    );
    await copyRows(
      tx,
      'late_fee_charges',
      ['account_id', 'payment_id', 'bill_id', 'amount_fen', 'explanation'],
      planned.flatMap((x) => x.plan.charges.map((c) => [x.input.accountId, x.id, c.billId, c.amountFen, JSON.stringify(c.lateFee)])),
    );
    // the bills first (idempotent: bills released before the books existed are posted now), then the fees and the payments
    const booked = planned.filter((x) => units.get(x.account.orgPath));
    const billIds = [...new Set(booked.flatMap((x) => (states.get(x.input.accountId)?.states ?? []).map((b) => b.billId)))];
    if (billIds.length) await postReleasedBills(tx, { billIds });
    const recoveryEvent = (x: Planned): MoneyEvent[] => {
      const rec = x.plan.recovery;
      if (rec.principalFen + rec.lateFeeFen <= 0) return [];
      return [
        {
          type: 'bad_debt_recovered',
          id: `payment:${x.id}`,
          orgUnitId: units.get(x.account.orgPath)!.orgUnitId,
          date: today,
          customerClass: rec.lines[0].customerClass,
          amounts: { principal: rec.principalFen, lateFee: rec.lateFeeFen },
          memo: `坏账收回 / bad debt recovered, write-off ${[...new Set(rec.lines.map((l) => l.writeOffId))].join(',')}, ${x.receiptNo}`,
        },
      ];
    };
    const own = (x: Planned): MoneyEvent[] => {
      const unit = units.get(x.account.orgPath)!;
      const classes = states.get(x.input.accountId)?.classes;
      return [
        ...x.plan.charges.map((c): MoneyEvent => ({
          type: 'late_fee_charged',
          id: `payfee:${x.id}:${c.billId}`,
          orgUnitId: unit.orgUnitId,
          date: today,
          customerClass: classes?.get(c.billId) ?? x.customerClass,
          amounts: { lateFee: c.amountFen },
          memo: `违约金 ${c.lateFee.days} 天 / late fee, bill ${c.billId}`,
        })),
        // 坏账收回: the written-off receivable reinstated for what is recovered, before the receipt credits it
        ...recoveryEvent(x),
        isAccountCredit(x.input)
          ? {
              type: 'credit_applied' as const,
              id: `payment:${x.id}`,
              orgUnitId: unit.orgUnitId,
              date: today,
              customerClass: x.customerClass,
              amounts: { principal: x.plan.principalFen, lateFee: x.plan.lateFeeFen },
              memo: `预收冲抵 / account credit applied, ${x.receiptNo}`,
            }
          : {
              type: x.input.channel === 'credit' ? 'bill_credit_applied' : receiptEventType(x.input.channel, x.input.method),
              id: `payment:${x.id}`,
              orgUnitId: unit.orgUnitId,
              date: today,
              customerClass: x.customerClass,
              amounts: { principal: x.plan.principalFen, lateFee: x.plan.lateFeeFen, credit: x.plan.creditFen },
              memo:
                x.input.channel === 'credit' ? `账单贷项冲抵 / bill credit applied, ${x.input.reference}, ${x.receiptNo}` : `${x.input.channel} ${x.receiptNo}`,
            },
      ];
    };
    const events: MoneyEvent[] = summary
      ? [
          // a bank payment's recovery of written-off debts (rare): its own bad_debt_recovered before the chunk's receipt
          ...booked.filter((x) => x.input.channel !== 'credit').flatMap((x) => recoveryEvent(x)),
          ...summaryEvents(
            booked.filter((x) => x.input.channel !== 'credit'),
            summary,
            units,
            sourceOf,
            today,
          ),
          ...booked.filter((x) => x.input.channel === 'credit').flatMap(own),
        ]
      : booked.flatMap(own);
    if (events.length) await postMoneyEvents(tx, events, p.kind === 'user' ? p.id : null);
    // a payment's credit on a prepaid account tops up its balance (docs/prepaid.md)
    await topUpFromPaymentsIn(
      tx,
      planned
        .filter((x) => x.input.channel !== 'credit')
        .map((x) => ({ accountId: x.input.accountId, paymentId: x.id, channel: x.input.channel, amountFen: x.plan.creditFen })),
      actor,
    );
    await recordRecoveriesIn(
      tx,
      actor,
      planned
        .filter((x) => x.plan.recovery.lines.length)
        .map((x) => ({ paymentId: x.id, accountId: x.input.accountId, orgUnitId: x.account.orgUnitId, recoveredOn: today, lines: x.plan.recovery.lines })),
    );
    const audited = summary ? planned.filter((x) => x.input.channel === 'credit') : planned;
    if (audited.length)
      await recordAudit(
        tx,
        actor,
        audited.map((x) => ({
          action: isAccountCredit(x.input)
            ? ('account_credit.apply' as const)
            : x.input.channel === 'credit'
              ? ('bill_credit.apply' as const)
              : ('payment.take' as const),
          entity: 'payment' as const,
          entityId: x.id,
          orgUnitId: x.account.orgUnitId,
          after: {
            receiptNo: x.receiptNo,
            accountNo: x.account.accountNo,
            channel: x.input.channel,
            method: x.input.method,
            reference: x.input.reference,
            amountFen: x.input.amountFen,
            principalFen: x.plan.principalFen,
            lateFeeFen: x.plan.lateFeeFen,
            creditFen: x.plan.creditFen,
            feeChargedFen: x.plan.charges.reduce((s, c) => s + c.amountFen, 0),
            recoveredFen: x.plan.recovery.principalFen + x.plan.recovery.lateFeeFen,
          },
        })),
      );
  }
  const seenById = new Map<number, PaymentOut>();
  const mine = results.slice(lead, lead + asked);
  for (const r of mine) if (typeof r !== 'number') seenById.set(r.id, r);
  return {
    ids: mine.map((r) => (typeof r === 'number' ? planned[r >= 0 ? r : -1 - r].id : r.id)),
    replayed: mine.map((r) => typeof r !== 'number' || r < 0),
    seen: seenById,
    taken: planned
      .filter((x) => x.input.channel !== 'credit')
      .map((x) => ({
        id: x.id,
        reference: x.input.reference,
        amountFen: x.input.amountFen,
        principalFen: x.plan.principalFen,
        lateFeeFen: x.plan.lateFeeFen,
        creditFen: x.plan.creditFen,
        feeChargedFen: x.plan.charges.reduce((s, c) => s + c.amountFen, 0),
        ledgerSource: sourceOf(x),
      })),
  };
}

/** The summarised events of a bank file's chunk: per ledger unit and customer class, the sums of its payments (and of the fees they charged). */
function summaryEvents<X extends { account: AccountForCollection; customerClass: string; plan: PaymentPlan }>(
  booked: X[],
  summary: SummaryPosting,
  units: Map<string, LedgerUnit | null>,
  sourceOf: (x: X) => string | null,
  today: string,
): MoneyEvent[] {
  const groups = new Map<string, { unit: number; customerClass: string; n: number; principal: number; lateFee: number; credit: number; fee: number }>();
  for (const x of booked) {
    const key = sourceOf(x)!;
    const g = groups.get(key) ?? {
      unit: units.get(x.account.orgPath)!.orgUnitId,
      customerClass: x.customerClass,
      n: 0,
      principal: 0,
      lateFee: 0,
      credit: 0,
      fee: 0,
    };
    g.n++;
    g.principal += x.plan.principalFen;
    g.lateFee += x.plan.lateFeeFen;
    g.credit += x.plan.creditFen;
    g.fee += x.plan.charges.reduce((s, c) => s + c.amountFen, 0);
    groups.set(key, g);
  }
  return [...groups.entries()].flatMap(([id, g]) => summaryPair(id, g, today, `${summary.memo}: ${g.n} 笔 / payments`));
}

/** The entries of a summary: `late_fee_charged` (when fees were charged) and `payment_received`, one source id. */
export function summaryPair(
  id: string,
  g: { unit: number; customerClass: string; principal: number; lateFee: number; credit: number; fee: number },
  date: string,
  memo: string,
): MoneyEvent[] {
  const base = { id, orgUnitId: g.unit, date, customerClass: g.customerClass, memo };
  return [
    ...(g.fee > 0 ? [{ ...base, type: 'late_fee_charged' as const, amounts: { lateFee: g.fee } }] : []),
    { ...base, type: 'payment_received' as const, amounts: { principal: g.principal, lateFee: g.lateFee, credit: g.credit } },
  ];
}

export async function takePaymentsIn(
  tx: Tx,
  p: Principal,
  inputs: PaymentIn[],
  policy: PaymentsPolicy = PAYMENTS_POLICY,
  today = todayBeijing(),
  actor: Actor = actorOf(p),
): Promise<PaymentOut[]> {
  const { ids, replayed, seen } = await takeCore(tx, p, inputs, policy, today, actor);
  const fresh = ids.filter((id) => !seen.has(id));
  const written = new Map(
    fresh.length ? (await paymentsWhere(tx, 'p.id = ANY($1::bigint[])', [[...new Set(fresh)]], undefined, fresh.length)).map((o) => [o.id, o]) : [],
  );
  return ids.map((id, k) => ({ ...(seen.get(id) ?? written.get(id)!), replayed: replayed[k] }));
}

/**
 * The same for a bank file's chunk: answers the payments' ids (no read-back) and what each new one came
 * to; posted summarised (SummaryPosting) and not audited per payment — the caller audits the chunk.
 */
export async function takePaymentIdsIn(
  tx: Tx,
  p: Principal,
  inputs: PaymentIn[],
  summary: SummaryPosting,
  actor: Actor = actorOf(p),
): Promise<{ ids: number[]; taken: TakenPayment[] }> {
  const r = await takeCore(tx, p, inputs, PAYMENTS_POLICY, todayBeijing(), actor, summary);
  return { ids: r.ids, taken: r.taken };
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
