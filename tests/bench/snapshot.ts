/**
 * `npm run bench -- snapshot`: the nightly planning snapshot over 20,000 profiles carrying member facts and
 * qualifying months (parallel scan of GSI2, 4 segments, checkpoints with the partial aggregate), then the
 * tier planner over its histogram. Checks: the snapshot's tier and lifecycle counts equal a brute force over
 * the seeded members; the planner's 70/20/10 proposal, applied member by member as the tier program compares,
 * gives shares within one percentage point of the targets.
 */
import { keys } from '../../functions/adapters/dynamo/keys';
import { profileAttrs } from '../../functions/adapters/dynamo/member-repo';
import { setClock } from '../../functions/lib/clock';
import { newMemberRecord } from '../../functions/core';
import { planTiers } from '../../functions/planning/planning';
import { runPlanningSnapshot } from '../../functions/planning/snapshot';
import { addDays, monthOf, qualifyingTier, qualifyingTotal, ladder, type TierProgram } from '../../shared/domain';
import { DEFAULT_RFM_CONFIG, lifecycleStage } from '../../shared/domain/rfm';
import { loadBrandConfig } from '../../functions/adapters/dynamo/brand-repo';
import { benchWorld, percentile, timed } from './harness';
import { batchWriteAll } from '../table';

const MEMBERS = Number(process.env.BENCH_MEMBERS || 20_000);
const NOW = new Date('2026-11-23T18:00:00.000Z'); // 02:00 on 11-24 in Shanghai
const TODAY = '2026-11-24';

function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = prng(20261124);
const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
const normal = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());

function seed(i: number) {
  const memberId = `m_snap${String(i).padStart(8, '0')}`;
  const rec = newMemberRecord({ memberId, phone: `135${String(i).padStart(8, '0')}`, openid: `o-snap-${i}`, name: null, entryTierCode: ['MEMBER', 'MEMBER', 'MEMBER', 'SILVER', 'GOLD'][int(0, 4)]!, at: `${addDays(TODAY, -int(0, 900))}T02:00:00.000Z`, source: 'bench' });
  const n = [0, 1, 1, 2, 3, 5, 8][int(0, 6)]!;
  const orders = Array.from({ length: n }, () => ({ day: addDays(TODAY, -int(0, 400)), fen: Math.max(500, Math.round(Math.exp(9.5 + 0.9 * normal()))) })).sort((a, b) => (a.day < b.day ? -1 : 1));
  const months: Record<string, { orders: number; spendFen: number }> = {};
  const qualifying: Record<string, { spendFen: number; points: number }> = {};
  for (const o of orders) {
    const b = (months[monthOf(o.day)] ??= { orders: 0, spendFen: 0 });
    b.orders++;
    b.spendFen += o.fen;
    const q = (qualifying[monthOf(o.day)] ??= { spendFen: 0, points: 0 });
    q.spendFen += o.fen;
    q.points += Math.floor(o.fen / 100);
  }
  const first = orders[0];
  const last = orders[orders.length - 1];
  const profile = {
    ...keys.profile(memberId),
    ...profileAttrs({ ...rec, qualifying }),
    ...(last ? { factMonths: months, firstPurchaseAt: `${first!.day}T03:00:00.000Z`, lastPurchaseAt: `${last.day}T03:00:00.000Z` } : {}),
  };
  return { profile, tierCode: rec.tier.tierCode, qualifying, firstPurchaseAt: first ? `${first.day}T03:00:00.000Z` : null, lastPurchaseAt: last ? `${last.day}T03:00:00.000Z` : null };
}

export async function main() {
  const world = await benchWorld();
  try {
    setClock({ now: () => NOW });
    const seeded = Array.from({ length: MEMBERS }, (_, i) => seed(i));
    const t0 = Date.now();
    await batchWriteAll(seeded.map((s) => s.profile));
    console.log(`seeded ${MEMBERS} profiles in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    let result: Awaited<ReturnType<typeof runPlanningSnapshot>> | null = null;
    const snapshotMs = await timed(async () => (result = await runPlanningSnapshot({ segments: 4, pageSize: 500 })));
    const snap = result!.snapshot!;
    const program = (await loadBrandConfig())!.tiers as TierProgram;

    // Brute force over the seeded members (the demo brand's own members are in the table too).
    const others = snap.members - MEMBERS;
    const tiers: Record<string, number> = {};
    const stages: Record<string, number> = {};
    for (const s of seeded) {
      tiers[s.tierCode] = (tiers[s.tierCode] ?? 0) + 1;
      const st = lifecycleStage(s, TODAY, DEFAULT_RFM_CONFIG);
      stages[st] = (stages[st] ?? 0) + 1;
    }
    const tiersMatch = Object.entries(tiers).every(([c, n]) => (snap.tiers[c] ?? 0) - n >= 0 && (snap.tiers[c] ?? 0) - n <= others);
    const stagesMatch = Object.entries(stages).every(([c, n]) => (snap.lifecycle as Record<string, number>)[c]! - n >= 0 && (snap.lifecycle as Record<string, number>)[c]! - n <= others);

    const ms: number[] = [];
    let plan: Awaited<ReturnType<typeof planTiers>> | null = null;
    for (let r = 0; r < 7; r++) ms.push(await timed(async () => (plan = await planTiers({ shares: [70, 20, 10] }))));
    const proposed = ladder(program).map((t, i) => ({ ...t, threshold: plan!.tiers[i]!.thresholdFen }));
    const counts = [0, 0, 0];
    for (const s of seeded) counts[qualifyingTier({ tiers: proposed }, qualifyingTotal(program, s.qualifying, TODAY)).rank]!++;
    const maxShareErrorPp = Number(Math.max(...[70, 20, 10].map((t, i) => Math.abs((counts[i]! * 100) / MEMBERS - t))).toFixed(2));
    const plannerP50 = percentile(ms, 50);
    console.log(`snapshot: ${snap.members} members in ${snapshotMs} ms, ${snap.itemsRead} items read; tiers/lifecycle match brute force: ${tiersMatch && stagesMatch}`);
    console.log(`planner 70/20/10: thresholds ${plan!.tiers.map((t) => t.thresholdFen).join(' / ')} fen, seeded shares ${counts.map((c) => ((c * 100) / MEMBERS).toFixed(1)).join(' / ')} %, p50 ${plannerP50} ms`);
    return { members: MEMBERS, snapshotMs: Math.round(snapshotMs), itemsRead: snap.itemsRead, plannerP50Ms: plannerP50, maxShareErrorPp, matchesBruteForce: tiersMatch && stagesMatch && maxShareErrorPp <= 1 };
  } finally {
    setClock(null);
    await world.dynamo.stop();
  }
}
