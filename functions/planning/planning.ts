/** STUB until the planning capability lands: no snapshot yet, an empty proposal, no cycles. */
import type { PlannerProposal, PlannerRequest, RepurchaseReport } from '../../shared/contract/planning';
import { today } from '../core';

export async function latestSnapshot() {
  return { snapshot: null };
}

export async function planTiers(req: PlannerRequest): Promise<PlannerProposal> {
  return {
    basedOn: today(),
    members: 0,
    tiers: req.shares.map((s) => ({ code: null, name: null, targetShare: s, thresholdFen: 0, currentThresholdFen: null, members: 0, share: 0 })),
    movesUp: 0,
    movesDown: 0,
    unchanged: 0,
  };
}

export async function repurchaseReport(): Promise<RepurchaseReport> {
  return { cycles: [] };
}
