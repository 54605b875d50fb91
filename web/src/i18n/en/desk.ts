/** Console, knowledge base, callbacks, notifications, supervision */
import type desk from '../zh-CN/desk';
import type { Shape } from '../shape';

const en: Shape<typeof desk> = {
  console: {
    callerMatch: 'Caller', noMatch: 'No matching customer (take it as an anonymous call)', selected: 'Selected', useCustomer: 'Use', servicePoint: 'Supply address',
    outageHere: 'There is an outage where this customer is supplied', openOrders: 'Open orders', window: 'last {{h}} h', knowledge: 'Knowledge suggestions', kbHint: 'Articles are suggested as you type the request',
    kbUse: 'Use this answer', kbUsed: 'Used', receivedAt: 'Actually received', receivedAtHint: 'Letter, fax, counter, referrals: the clocks start when it was received', titleHint: 'Generated from the type when empty',
    descriptionRequired: 'Describe the request', noServicePoint: 'No supply address chosen: the call could not be placed on the network; a dispatcher will place it', submit: 'Submit', closeOnSpot: 'Close on the spot', newCall: 'New call', created: 'Accepted, order no. {{no}}', orderNo: 'Order no.',
    openOrder: 'Open order', knownOutage: 'Attached to outage {{no}}', plannedOutage: 'Planned outage {{no}}', duplicates: 'The customer has {{n}} open orders',
    outageNow: "Outage at the caller's supply address now", plannedAhead: "Planned outage at the caller's supply address", outageSince: 'off since {{at}}', etrUnknown: 'not yet known (being assessed)', outageTag: 'Outage',
    enterPhone: 'Enter the caller\'s number for the screen-pop', lookupFailed: 'The screen-pop lookup failed; search for the customer above', dueAt: 'due {{at}}', dupTitle: 'Recent orders of this customer / address',
    callStatus: { pending: 'Fault call recorded; the outage scope is being analysed', unplaced: 'Address not on the network model: sent to a dispatcher to place', grouped: 'Fault call recorded and included in outage analysis', planned: 'Part of a planned outage', resolved: 'Resolved', cancelled: 'Cancelled' },
  },
  kb: {
    title: 'Knowledge base', searchPlaceholder: 'Search the knowledge base', none: 'No matching article', category: 'Category', tags: 'Tags', validFrom: 'Valid from', validTo: 'Valid to',
    status: 'Status', statuses: { draft: 'Draft', published: 'Published', archived: 'Archived' }, body: 'Text', articleTitle: 'Title', newArticle: 'New article',
    editArticle: 'Edit article', usedCount: 'Used', updatedAt: 'Updated', version: 'Version', includeAll: 'Include drafts & archived', saved: 'Article saved', select: 'Select an article on the left',
    conflict: 'Someone else changed the article; reload and try again', ranked: 'Most relevant first, matching words marked',
  },
  cb: {
    title: 'Callbacks', pending: 'To call back', done: 'Done', createdAt: 'Created', why: 'Why', result: 'Result', powerRestored: 'Power restored', doneAt: 'Called back',
    record: 'Record result', score: 'Score', statuses: { pending: 'Pending', done: 'Done', cancelled: 'Cancelled' }, handlingResult: 'Handling result', saved: 'Callback recorded',
    reasonRequired: 'A reason is needed when dissatisfied',
  },
  notify: { event: 'Event', channel: 'Channel', recipient: 'Recipient', attempts: 'Attempts', createdAt: 'Created', sentAt: 'Sent', lastError: 'Error', at: 'Time' },
  sla: { kinds: { warning: 'Warning', breach: 'Breach', met: 'Met', missed: 'Missed', recomputed: 'Recomputed', escalation: 'Escalation' } },
  sup: {
    title: 'Supervisor board', breached: 'Breached', warning: 'SLA warnings', complaints: 'Open complaints', returned: 'Returned', termination: 'Termination requests', major: 'Major / urgent',
    open: 'Open orders', viewAll: 'View all',
  },
};
export default en;
