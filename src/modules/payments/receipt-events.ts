/**
 * Which money event a payment's receipt posts (docs/ledger.md, "Counter takings by method"). Pure.
 *
 * Counter cash stays in collections in transit (101201) until the cashier's deposit takes it to the bank;
 * a bank card taking waits for the card acquirer's settlement in 101202; a bank transfer is already in the
 * collection account 100201. Online and bank-file payments go to 101201 until the gateway's statement or the
 * bank's settlement. Each is its own event type so the posting rules (data, migration 641) pick the account.
 */
export type ReceiptEventType = 'payment_received' | 'payment_received_card' | 'payment_received_transfer';

export function receiptEventType(channel: string, method: string): ReceiptEventType {
  if (channel !== 'counter') return 'payment_received';
  if (method === 'card') return 'payment_received_card';
  if (method === 'transfer') return 'payment_received_transfer';
  return 'payment_received';
}
