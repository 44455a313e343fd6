/**
 * What the segments capability offers other capabilities (an explicit, named collaboration):
 * - campaigns: a saved segment and the members matching a filter.
 */
export { getSegment, membersMatching } from './query';
