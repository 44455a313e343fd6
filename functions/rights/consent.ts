/** Registration records the agreement versions the member consented to, on her profile, audited. */
import { recordPolicyConsent } from '../adapters/dynamo/rights-repo';

export async function recordRegistrationConsent(memberId: string, versions: { terms: number; privacy: number }, at: string, actor: string): Promise<void> {
  await recordPolicyConsent(memberId, { ...versions, at }, { at, actor, action: 'member.consent', target: `member:${memberId}`, before: null, after: versions });
}
