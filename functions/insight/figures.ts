/**
 * The daily figures' stream consumer (issue 18): every change of the table mapped to day counters by the
 * pure rules (shared/domain/figures.ts), then counted once per stream record (figures-repo: a guard per
 * eventId, a marker per member for the distinct figures, ADDs to one item per scope and day, running nets
 * on a TOTAL item). Called by functions/insight/stream.ts with each batch, in order.
 */
import { effectsOf, touchesTiers, type MappingContext } from '../../shared/domain/figures';
import type { StreamChange } from '../adapters/dynamo/stream';
import { countChanges, type CountedChange } from '../adapters/dynamo/figures-repo';
import { loadBrandConfig } from '../adapters/dynamo/brand-repo';
import { clock } from '../lib/clock';
import { today } from '../core/day';

async function context(changes: readonly StreamChange[]): Promise<MappingContext> {
  let ranks = new Map<string, number>();
  if (changes.some(touchesTiers)) {
    const brand = await loadBrandConfig();
    ranks = new Map((brand?.tiers.tiers ?? []).map((t) => [t.code, t.rank]));
  }
  return { rankOf: (code) => ranks.get(code), today: today() };
}

export async function countFigures(changes: readonly StreamChange[]): Promise<void> {
  if (changes.length === 0) return;
  const ctx = await context(changes);
  const counted: CountedChange[] = [];
  for (const c of changes) {
    const e = effectsOf(c, ctx);
    if (e.adds.length > 0 || e.marks.length > 0) counted.push({ eventId: c.eventId, ...e });
  }
  if (counted.length === 0) return;
  await countChanges(counted, Math.floor(clock.now().getTime() / 1000));
}
