/** What other capabilities may use of planning: the stream consumer keeping repurchase intervals. */
export { noteRepurchases } from './repurchase';
