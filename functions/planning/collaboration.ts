/**
 * What the planning capability offers other capabilities (an explicit, named collaboration):
 * - insight: the stream consumer keeping repurchase intervals, and its reports as tables for the CSV export.
 */
export { noteRepurchases } from './repurchase';
export { planningReport } from './report';
