import { memberOfOpenid } from '../adapters/dynamo/identity-repo';
import { fail } from '../lib/errors';
import type { Session } from '../lib/session';

/**
 * The member behind a session: always the openid's binding as it is now, not the member id the token
 * was issued with, because a binding can move while a token lives (换绑 ends the old account's binding;
 * a merge moves or ends the merged member's): the old account can no longer act as the member.
 */
export async function resolveMemberId(session: Session): Promise<string> {
  const memberId = await memberOfOpenid(session.openid);
  if (!memberId) throw fail('not_registered', 'this WeChat account has not registered as a member yet');
  return memberId;
}

/**
 * A frozen member (the desk's freeze, issue 16) cannot earn, spend or show a member code: the use
 * cases that do any of these refuse her with `member_frozen` once they have read her profile.
 */
export function refuseFrozen(member: { frozen?: unknown } | null | undefined): void {
  if (member?.frozen) throw fail('member_frozen', 'this member is frozen: no earning, spending or member code');
}
