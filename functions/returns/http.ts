import { returnsRoutes } from '../../shared/contract/routes/returns';
import { route } from '../lib/http';
import { staffOrders } from './orders';
import { returnOrder } from './returns';

export const create = route(returnsRoutes, 'returnOrder', ({ session, body }) => returnOrder(session, body));
export const orders = route(returnsRoutes, 'staffOrders', ({ session, query }) => staffOrders(session, query));
