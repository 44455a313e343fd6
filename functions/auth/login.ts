import type { LoginResponse, Role } from '../../shared/contract';
import { findIdentity } from '../adapters/dynamo/identity-repo';
import { WeChatError, wechat } from '../adapters/wechat/client';
import { clock } from '../lib/clock';
import { config } from '../lib/config';
import { fail } from '../lib/errors';
import { enforceQuota } from '../lib/quota';
import { signSession } from '../lib/session';
import { sessionRolesOf } from '../../shared/domain/staff';

/**
 * Sign-in: exchange the wx.login code (jscode2session), look up the identity's member and roles,
 * answer our own short-lived session token. WeChat's session_key is dropped here.
 */
export async function login(code: string): Promise<LoginResponse> {
  let openid: string;
  try {
    openid = (await wechat.code2Session(code)).openid;
  } catch (e) {
    if (e instanceof WeChatError && (e.errcode === 40029 || e.errcode === 40163)) {
      throw fail('unauthorized', 'the login code is invalid or already used; call wx.login again');
    }
    if (e instanceof WeChatError && e.errcode === 40226) throw fail('wechat_blocked', 'WeChat blocked this account');
    if (e instanceof WeChatError) throw fail('wechat_unavailable', `WeChat refused the login (${e.errcode})`);
    throw e;
  }
  // Issue 20: one WeChat identity signs in at most so often (the code exchange has named her).
  await enforceQuota('signIn', { openid });
  const identity = await findIdentity(openid);
  // A manager is staff at her store too (she works its till).
  const roles: Role[] = sessionRolesOf({
    store: identity.staffStoreId ? { storeId: identity.staffStoreId, storeRole: identity.storeRole ?? 'clerk' } : null,
    admin: identity.admin,
  });
  const c = config();
  const session = { openid, memberId: identity.memberId, roles, storeId: identity.staffStoreId };
  const { token, expiresAt } = await signSession(session, c.sessionSecret, c.sessionTtlSeconds, clock.now());
  return { token, expiresAt, memberId: identity.memberId, roles, storeId: identity.staffStoreId };
}
