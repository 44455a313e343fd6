/** Actors for the loyalty tests: members, a clerk, an admin, driving the real handlers. */
import { handler as loginHandler } from '../../functions/auth/http';
import { handler as auditHandler } from '../../functions/audit/http';
import { admin as membersAdmin } from '../../functions/members/http';
import { admin as pointsAdmin, history as points } from '../../functions/points/http';
import { admin as tiersAdmin, mine as tier } from '../../functions/tiers/http';
import { create as checkoutHandler } from '../../functions/checkout/http';
import { handler as familyHandler } from '../../functions/family/http';
import { getMe, issueCode, registerMember } from '../../functions/members/http';
import { create as returnHandler } from '../../functions/returns/http';
import { call, loginCode, phoneCode, uniquePhone, firstRouting } from './support';
import type { WeChatStandIn } from '../../infra/wechat-standin/server';

/** The admin routes of points, tiers, members and audit (separate Lambdas), as one handler for the tests. */
const adminHandler = firstRouting(pointsAdmin, tiersAdmin, membersAdmin, auditHandler);

export function actors(standIn: () => WeChatStandIn) {
  const login = async (openid: string) => {
    const r = await call(loginHandler, { path: '/auth/login', body: { code: await loginCode(standIn(), openid) } });
    return r.body as { token: string; memberId: string | null };
  };
  const newMember = async (openid: string, phone = uniquePhone()) => {
    const s = await login(openid);
    const r = await call(registerMember, { path: '/members', token: s.token, body: { phoneCode: await phoneCode(standIn(), phone), consent: true } });
    if (r.status !== 200) throw new Error(`register ${openid}: ${r.status} ${JSON.stringify(r.body)}`);
    return { token: s.token, id: r.body.id as string, phone };
  };
  const codeFor = async (token: string) => {
    const r = await call(issueCode, { path: '/members/me/code', token });
    if (r.status !== 200) throw new Error(`code: ${r.status}`);
    return r.body.code as string;
  };
  let seq = 0;
  const orderBody = (memberCode: string, amountFen: number, over: Record<string, unknown> = {}) => ({
    memberCode,
    orderId: `O${Date.now().toString(36)}${++seq}`,
    storeId: 'S001',
    amountFen,
    items: [{ sku: 'SKU-1', name: '真丝睡衣', quantity: 1, unitPriceFen: amountFen }],
    ...over,
  });
  const checkout = (clerk: string, body: unknown) => call(checkoutHandler, { path: '/staff/checkouts', token: clerk, body });
  /** A member buys for `amountFen`; returns the checkout answer (throws on failure). */
  const buy = async (clerk: string, member: { token: string }, amountFen: number, over: Record<string, unknown> = {}) => {
    const r = await checkout(clerk, orderBody(await codeFor(member.token), amountFen, over));
    if (r.status !== 200) throw new Error(`checkout: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const returns = (clerk: string, body: unknown) => call(returnHandler, { path: '/staff/returns', token: clerk, body });
  const admin = (token: string, method: string, path: string, body?: unknown, query?: Record<string, string>) =>
    call(adminHandler, { method, path, token, body, ...(query ? { query } : {}) });
  const family = (token: string, method: string, path: string, body?: unknown) => call(familyHandler, { method, path, token, body });
  const me = (token: string) => call(getMe, { method: 'GET', path: '/members/me', token });
  const myPoints = (token: string, query?: Record<string, string>) => call(points, { method: 'GET', path: '/members/me/points', token, ...(query ? { query } : {}) });
  const myTier = (token: string) => call(tier, { method: 'GET', path: '/members/me/tier', token });
  return { login, newMember, codeFor, orderBody, checkout, buy, returns, admin, family, me, myPoints, myTier };
}
