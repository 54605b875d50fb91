/** The public face of the customers module: what other modules and the HTTP layer may use. Everything else in this folder is internal. */
export { registerCustomerRoutes } from './routes.js';
export { closeAccount, connectSupply, renameCustomer, setServicePointCapacity, servicePointFacts, transferAccount } from './supply.js';
export type { NewSupply, ServicePointFacts } from './supply.js';
/** For the benchmarking scorecards: customers per org unit. */
export { customerCountsByOrgUnit } from './scorecard-reads.js';
export { accountIdsOfCustomer, billAddressees, meteredAccountIds, metersById, metersByNo, metersOfAccountRange } from './billing-reads.js';
export type { BillAddressee, MeterForBilling } from './billing-reads.js';
// payments (收费): the counter finds accounts by number
export { accountsForCollection, type AccountForCollection } from './billing-reads.js';
