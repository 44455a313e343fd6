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

/**
 * A frozen member (the desk's freeze, issue 16) cannot earn, spend or show a member code: the use
 * cases that do any of these refuse her with `member_frozen` once they have read her profile.
 */
export function refuseFrozen(member: { frozen?: unknown } | null | undefined): void {
  if (member?.frozen) throw fail('member_frozen', 'this member is frozen: no earning, spending or member code');
}
