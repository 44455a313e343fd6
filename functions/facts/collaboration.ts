/**
 * What the member-facts capability offers other capabilities (an explicit, named collaboration):
 * - checkout, returns, products: the facts and rule tags written in the same transaction as the order,
 *   the return or the scan;
 * - checkout, segments, care: RFM settings and a member's insight (tags, stage, R/F/M).
 */
export { activeTagRules, clearFactsCache, purchaseFacts, returnFacts, rfmConfig, scanFacts } from './facts';
export { insightOf, memberInsight } from './insight';
