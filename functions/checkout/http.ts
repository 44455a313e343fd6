import { route } from '../lib/http';
import { checkout } from './checkout';

export const create = route('checkout', ({ session, body }) => checkout(session, body));
