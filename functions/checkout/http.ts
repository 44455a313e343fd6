import { checkoutRoutes } from '../../shared/contract/routes/checkout';
import { route, router } from '../lib/http';
import { checkout, previewCheckout } from './checkout';
import { nextOrderNumber, staffStore } from './till';

export const create = route(checkoutRoutes, 'checkout', ({ session, body }) => checkout(session, body));
export const preview = route(checkoutRoutes, 'checkoutPreview', ({ session, body }) => previewCheckout(session, body));

/** Around the sale: the clerk's store by name, a fresh order number. */
export const till = router({
  staffStore: route(checkoutRoutes, 'staffStore', ({ session }) => staffStore(session)),
  nextOrderNumber: route(checkoutRoutes, 'nextOrderNumber', ({ session }) => nextOrderNumber(session)),
});
