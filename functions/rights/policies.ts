/** The agreements as versioned texts: what a member reads, what an admin edits (a new version each save). */
import type { AdminPolicyResponse, PolicyKind, PolicyText, SavePolicyRequest } from '../../shared/contract';
import { BUILT_IN_POLICIES, latestPolicy, nextPolicyVersion, policyInForce, type PolicyVersionRecord } from '../../shared/domain/policies';
import { insertPolicyVersion, listPolicyVersions } from '../adapters/dynamo/rights-repo';
import { clock } from '../lib/clock';
import { fail } from '../lib/errors';
import type { Session } from '../lib/session';
import { today } from '../core';

const view = (v: PolicyVersionRecord): PolicyText => ({
  kind: v.kind,
  version: v.version,
  title: v.title,
  intro: v.intro,
  sections: v.sections,
  effectiveFrom: v.effectiveFrom,
  savedAt: v.savedAt,
});

/** The version in force today (public: the agreement pages and the registration page). */
export async function currentPolicy(kind: PolicyKind): Promise<PolicyText> {
  return view(policyInForce(kind, await listPolicyVersions(kind), today()));
}

/** The versions of both agreements in force today: what a registration consents to. */
export async function policyVersionsInForce(): Promise<{ terms: number; privacy: number }> {
  const day = today();
  const [terms, privacy] = await Promise.all([listPolicyVersions('terms'), listPolicyVersions('privacy')]);
  return { terms: policyInForce('terms', terms, day).version, privacy: policyInForce('privacy', privacy, day).version };
}

export async function adminPolicy(kind: PolicyKind): Promise<AdminPolicyResponse> {
  const saved = await listPolicyVersions(kind);
  const all = [BUILT_IN_POLICIES[kind], ...saved].filter((v, i, a) => a.findIndex((x) => x.version === v.version) === i);
  return {
    current: view(policyInForce(kind, saved, today())),
    latest: view(latestPolicy(kind, saved)),
    versions: all.sort((a, b) => b.version - a.version).map((v) => ({ version: v.version, effectiveFrom: v.effectiveFrom, savedAt: v.savedAt, savedBy: v.savedBy })),
  };
}

/** Saves version N+1 (today or a later day), audited; two admins saving at once get N+1 and N+2. */
export async function savePolicy(session: Session, kind: PolicyKind, body: SavePolicyRequest): Promise<PolicyText> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const now = clock.now();
    const day = today(now);
    const effectiveFrom = body.effectiveFrom ?? day;
    const saved = await listPolicyVersions(kind);
    const next = nextPolicyVersion(saved, kind, effectiveFrom, day);
    if (!next.ok) throw fail('policy_date_past', 'effectiveFrom is in the past', [{ path: 'effectiveFrom', message: 'today or later' }]);
    const before = latestPolicy(kind, saved);
    const v: PolicyVersionRecord = { kind, version: next.version, title: body.title, intro: body.intro, sections: body.sections, effectiveFrom, savedAt: now.toISOString(), savedBy: session.openid };
    const out = await insertPolicyVersion(v, {
      at: v.savedAt!,
      actor: session.openid,
      action: 'policy.save',
      target: `policy:${kind}`,
      before: { version: before.version, effectiveFrom: before.effectiveFrom },
      after: { version: v.version, effectiveFrom, title: v.title, sections: v.sections.length },
    });
    if (out.ok) return view(v);
  }
  throw fail('busy', 'another version was being saved; try again');
}
