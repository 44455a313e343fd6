import { route } from '../lib/http';
import { checkout, previewCheckout } from './checkout';

export const create = route('checkout', ({ session, body }) => checkout(session, body));
export const preview = route('checkoutPreview', ({ session, body }) => previewCheckout(session, body));
