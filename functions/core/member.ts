import { findIdentity } from '../adapters/dynamo/identity-repo';
import { fail } from '../lib/errors';
import type { Session } from '../lib/session';

/** The member behind a session: from the token when it was issued after registration, else by openid. */
export async function resolveMemberId(session: Session): Promise<string> {
  if (session.memberId) return session.memberId;
  const identity = await findIdentity(session.openid);
  if (!identity.memberId) throw fail('not_registered', 'this WeChat account has not registered as a member yet');
  return identity.memberId;
}
