/**
 * What the points capability offers other capabilities (an explicit, named collaboration):
 * - members: event points (registration, profile completed).
 */
export { awardEvent } from './movements';
