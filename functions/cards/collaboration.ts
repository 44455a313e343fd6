/**
 * What the cards capability offers other capabilities (an explicit, named collaboration):
 * - desk (a replacement card: bound without a PIN and without its opening values; the number check).
 */
export { bindCard, checkedCardNo } from './bind';
