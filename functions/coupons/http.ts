import { couponsRoutes } from '../../shared/contract/routes/coupons';
import { route, router } from '../lib/http';
import { claimFromCentre, editCouponTemplate, couponCentre, createCouponTemplate, exchangeForPoints, issueToMembers, listCouponTemplates, myCoupons, redeemAtStore, setCouponTemplateState } from './coupons';

/** Coupon templates (admin), the coupon centre and the wallet (members): one Lambda. */
export const handler = router({
  adminCreateCouponTemplate: route(couponsRoutes, 'adminCreateCouponTemplate', ({ session, body }) => createCouponTemplate(session, body)),
  adminListCouponTemplates: route(couponsRoutes, 'adminListCouponTemplates', () => listCouponTemplates()),
  adminSetCouponTemplateState: route(couponsRoutes, 'adminSetCouponTemplateState', ({ session, params, body }) => setCouponTemplateState(session, params.templateId, body.state)),
  adminEditCouponTemplate: route(couponsRoutes, 'adminEditCouponTemplate', ({ session, params, body }) => editCouponTemplate(session, params.templateId, body.rev, body.definition)),
  couponCentre: route(couponsRoutes, 'couponCentre', ({ session }) => couponCentre(session)),
  claimCoupon: route(couponsRoutes, 'claimCoupon', ({ session, params, body }) => claimFromCentre(session, params.templateId, body.requestId)),
  issueCoupons: route(couponsRoutes, 'issueCoupons', ({ session, params, body }) => issueToMembers(session, params.templateId, body)),
  exchangeCoupon: route(couponsRoutes, 'exchangeCoupon', ({ session, params, body }) => exchangeForPoints(session, params.templateId, body.requestId)),
  redeemCoupon: route(couponsRoutes, 'redeemCoupon', ({ session, body }) => redeemAtStore(session, body)),
  myCoupons: route(couponsRoutes, 'myCoupons', ({ session, query }) => myCoupons(session, query.state)),
});
