/**
 * The planning capability's reads (issue 18, part C): the newest snapshot, the tier-threshold planner
 * over its qualifying histogram, repurchase cycles (medians per SKU and category), and the consumables'
 * settings (audited).
 */
import type { PlannerProposal, PlannerRequest, RepurchaseReport, RepurchaseSettings, Snapshot } from '../../shared/contract/planning';
import { ladder } from '../../shared/domain';
import { planThresholds } from '../../shared/domain/planner';
import { intervalTotal, isConsumable, medianDays } from '../../shared/domain/repurchase';
import { getRepurchaseSettings, newestSnapshot, repurchaseCounters, saveRepurchaseSettings, snapshotHistograms } from '../adapters/dynamo/planning-repo';
import { clock } from '../lib/clock';
import { fail } from '../lib/errors';
import type { Session } from '../lib/session';
import { brandOrFail, today } from '../core';

export async function latestSnapshot(): Promise<{ snapshot: Snapshot | null }> {
  const s = await newestSnapshot();
  if (!s) return { snapshot: null };
  return {
    snapshot: {
      day: s.day,
      takenAt: s.takenAt,
      members: s.members,
      tiers: s.tiers,
      tierMoves: s.tierMoves,
      lifecycle: s.lifecycle as Snapshot['lifecycle'],
      rf: s.rf,
      rm: s.rm,
      pyramid: s.pyramid as Snapshot['pyramid'],
      itemsRead: s.itemsRead,
    },
  };
}

/** The planner over the newest snapshot's qualifying histogram (no snapshot yet: an empty brand). */
export async function planTiers(req: PlannerRequest): Promise<PlannerProposal> {
  const [brand, s] = await Promise.all([brandOrFail(), newestSnapshot()]);
  const h = s ? await snapshotHistograms(s.day) : null;
  const plan = planThresholds(h?.qualifying ?? {}, req.shares, ladder(brand.tiers));
  return { basedOn: s?.day ?? today(), ...plan };
}

export async function repurchaseReport(): Promise<RepurchaseReport> {
  const [c, { settings }] = await Promise.all([repurchaseCounters(), getRepurchaseSettings()]);
  const skus = new Set([...c.sku.keys(), ...c.meta.keys()]);
  const categories = new Set([...c.category.keys(), ...[...c.meta.values()].map((m) => m.category).filter((x): x is string => !!x)]);
  const cycles: RepurchaseReport['cycles'] = [];
  for (const sku of [...skus].sort()) {
    const counts = c.sku.get(sku) ?? {};
    const meta = c.meta.get(sku);
    cycles.push({ kind: 'sku', key: sku, name: meta?.name ?? null, intervals: intervalTotal(counts), medianDays: medianDays(counts), consumable: isConsumable(settings, sku, meta?.category ?? null) });
  }
  for (const cat of [...categories].sort()) {
    const counts = c.category.get(cat) ?? {};
    cycles.push({ kind: 'category', key: cat, name: null, intervals: intervalTotal(counts), medianDays: medianDays(counts), consumable: settings.consumableCategories.includes(cat) });
  }
  return { cycles };
}

export async function repurchaseSettings() {
  return getRepurchaseSettings();
}

export async function putRepurchaseSettings(session: Session, body: { rev: number; settings: RepurchaseSettings }) {
  const before = await getRepurchaseSettings();
  if (before.rev !== body.rev) throw fail('settings_changed', 'the repurchase settings were changed meanwhile; reload and try again');
  const settings = { ...body.settings, consumableSkus: [...new Set(body.settings.consumableSkus)], consumableCategories: [...new Set(body.settings.consumableCategories)] };
  const out = await saveRepurchaseSettings(settings, body.rev, { at: clock.now().toISOString(), actor: session.openid, action: 'repurchase.settings.update', target: 'repurchase-settings', before: before.settings, after: settings });
  if (!out.ok) throw fail('settings_changed', 'the repurchase settings were changed meanwhile; reload and try again');
  return getRepurchaseSettings();
}
