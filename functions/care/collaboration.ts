/**
 * What the care capability offers other capabilities (an explicit, named collaboration):
 * - campaigns: delivering a care message with the consent accounting of every care send.
 */
export { deliverCare } from './deliver';
export type { CareRequest, CareResult } from './deliver';
