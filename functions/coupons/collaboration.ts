/**
 * What the coupons capability offers other capabilities (an explicit, named collaboration):
 * - members: the registration gifts (新人礼) of a new member;
 * - checkout: the reward of a stamp card the purchase filled;
 * - care and campaigns: issuing a coupon to a member, the tier's birthday gift;
 * - products: a scan's coupon terms and the random draws of the coupon a scan issues.
 */
export { couponDraw, issueBirthdayGift, issueCoupon, settleStampReward, termsOf, welcomeGifts } from './coupons';
