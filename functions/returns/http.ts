import { route } from '../lib/http';
import { returnOrder } from './returns';

export const create = route('returnOrder', ({ session, body }) => returnOrder(session, body));
