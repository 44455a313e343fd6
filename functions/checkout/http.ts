import { checkoutRoutes } from '../../shared/contract/routes/checkout';
import { route } from '../lib/http';
import { checkout, previewCheckout } from './checkout';

export const create = route(checkoutRoutes, 'checkout', ({ session, body }) => checkout(session, body));
export const preview = route(checkoutRoutes, 'checkoutPreview', ({ session, body }) => previewCheckout(session, body));
