/** Earning rules, versioned as a whole: a change writes version N+1 from `effectiveFrom`, audited. */
import type { EarningRulesInput, EarningRulesVersion } from '../../shared/contract';
import { rulesAt } from '../../shared/domain';
import { clearBrandCache, saveRulesVersion } from '../adapters/dynamo/brand-repo';
import { clock } from '../lib/clock';
import { fail } from '../lib/errors';
import type { Session } from '../lib/session';
import { brandOrFail, optimistic, rulesFor } from '../core';

export async function getRules() {
  const brand = await brandOrFail();
  const at = clock.now().toISOString();
  const current = rulesFor(brand, at);
  return {
    current,
    scheduled: brand.rules.filter((r) => r.effectiveFrom > at),
    versions: [...brand.rules].reverse(),
  };
}

/** A new rules version. It applies from `effectiveFrom` (now by default); past entries keep the version that made them. */
export async function putRules(session: Session, input: EarningRulesInput): Promise<EarningRulesVersion> {
  const now = clock.now();
  const at = now.toISOString();
  // Normalised to the same ISO form as every `at`, so the rules in force compare exactly by text.
  const effectiveFrom = input.effectiveFrom ? new Date(input.effectiveFrom).toISOString() : at;
  if (effectiveFrom < new Date(now.getTime() - 60_000).toISOString()) {
    throw fail('effective_in_past', 'a rules change cannot apply to the past', [{ path: 'effectiveFrom', message: 'must not be in the past' }]);
  }
  return optimistic(async () => {
    clearBrandCache();
    const brand = await brandOrFail();
    const last = brand.rules[brand.rules.length - 1]!;
    const before = rulesAt(brand.rules, effectiveFrom);
    const version: EarningRulesVersion = { ...input, effectiveFrom, version: last.version + 1, createdAt: at, createdBy: session.openid };
    const out = await saveRulesVersion(version, { at, actor: session.openid, action: 'rules.version', target: 'rules', before: before ?? null, after: version });
    clearBrandCache();
    return out.ok ? { done: version } : 'retry';
  });
}
