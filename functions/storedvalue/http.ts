import { storedValueRoutes } from '../../shared/contract/routes/storedvalue';
import { route, router } from '../lib/http';
import { myBalance, myBalanceLedger } from './balance';
import { adminCreatePackage, adminListPackages, adminStoredValue, adminUpdatePackage } from './packages';
import { startRecharge } from './recharge';
import { myRefundQuote, requestBalanceRefund } from './refunds';

/** Stored value (储值): the member's balance, recharges and refunds; packages and the liability for admins. */
export const handler = router({
  myBalance: route(storedValueRoutes, 'myBalance', ({ session }) => myBalance(session)),
  myBalanceLedger: route(storedValueRoutes, 'myBalanceLedger', ({ session, query }) => myBalanceLedger(session, query)),
  startRecharge: route(storedValueRoutes, 'startRecharge', ({ session, body }) => startRecharge(session, body)),
  myRefundQuote: route(storedValueRoutes, 'myRefundQuote', ({ session }) => myRefundQuote(session)),
  requestBalanceRefund: route(storedValueRoutes, 'requestBalanceRefund', ({ session, body }) => requestBalanceRefund(session, body)),
  adminListRechargePackages: route(storedValueRoutes, 'adminListRechargePackages', () => adminListPackages()),
  adminCreateRechargePackage: route(storedValueRoutes, 'adminCreateRechargePackage', ({ session, body }) => adminCreatePackage(session, body)),
  adminUpdateRechargePackage: route(storedValueRoutes, 'adminUpdateRechargePackage', ({ session, params, body }) => adminUpdatePackage(session, params.packageId, body)),
  adminStoredValue: route(storedValueRoutes, 'adminStoredValue', () => adminStoredValue()),
});
