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
