/**
 * What the members capability offers other capabilities (an explicit, named collaboration):
 * - tiers (a hand-set tier answers with the admin's member view).
 */
export { memberView } from './views';
