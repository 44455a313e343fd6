import type { LoginResponse, Role } from '../../shared/contract';
import { findIdentity } from '../adapters/dynamo/identity-repo';
import { WeChatError, wechat } from '../adapters/wechat/client';
import { clock } from '../lib/clock';
import { config } from '../lib/config';
import { fail } from '../lib/errors';
import { signSession } from '../lib/session';

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
  const identity = await findIdentity(openid);
  const roles: Role[] = ['member'];
  if (identity.staffStoreId) roles.push('staff');
  if (identity.admin) roles.push('admin');
  const c = config();
  const session = { openid, memberId: identity.memberId, roles, storeId: identity.staffStoreId };
  const { token, expiresAt } = await signSession(session, c.sessionSecret, c.sessionTtlSeconds, clock.now());
  return { token, expiresAt, memberId: identity.memberId, roles, storeId: identity.staffStoreId };
}
