import { returnsRoutes } from '../../shared/contract/routes/returns';
import { route } from '../lib/http';
import { returnOrder } from './returns';

export const create = route(returnsRoutes, 'returnOrder', ({ session, body }) => returnOrder(session, body));
