import { route, router } from '../lib/http';
import { claimFromCentre, editCouponTemplate, couponCentre, createCouponTemplate, exchangeForPoints, issueToMembers, listCouponTemplates, myCoupons, redeemAtStore, setCouponTemplateState } from './coupons';

/** Coupon templates (admin), the coupon centre and the wallet (members): one Lambda. */
export const handler = router({
  adminCreateCouponTemplate: route('adminCreateCouponTemplate', ({ session, body }) => createCouponTemplate(session, body)),
  adminListCouponTemplates: route('adminListCouponTemplates', () => listCouponTemplates()),
  adminSetCouponTemplateState: route('adminSetCouponTemplateState', ({ session, params, body }) => setCouponTemplateState(session, params.templateId, body.state)),
  adminEditCouponTemplate: route('adminEditCouponTemplate', ({ session, params, body }) => editCouponTemplate(session, params.templateId, body.rev, body.definition)),
  couponCentre: route('couponCentre', ({ session }) => couponCentre(session)),
  claimCoupon: route('claimCoupon', ({ session, params, body }) => claimFromCentre(session, params.templateId, body.requestId)),
  issueCoupons: route('issueCoupons', ({ session, params, body }) => issueToMembers(session, params.templateId, body)),
  exchangeCoupon: route('exchangeCoupon', ({ session, params, body }) => exchangeForPoints(session, params.templateId, body.requestId)),
  redeemCoupon: route('redeemCoupon', ({ session, body }) => redeemAtStore(session, body)),
  myCoupons: route('myCoupons', ({ session, query }) => myCoupons(session, query.state)),
});
