/**
 * Merging two duplicate members (the service desk), the pure decision. The use case
 * (functions/identity/merge.ts) reads both members, calls `decideMerge`, and writes one unit of work.
 *
 * Rules:
 * - A member is never merged into itself; a member already merged (either side) takes part in no other
 *   merge, so there are no chains (A→B while B→C); a member in a family card or owing return points is
 *   refused until that is settled.
 * - Points move with their expiry and availability dates as two `transfer` ledger movements, one on each
 *   side, so each ledger still sums to its balance and the brand's total is unchanged.
 * - Tags: the union. WeChat: the merged member's openid moves to the kept member when the kept one has
 *   none, else that binding ends. The merged member's phone then leads to the kept member.
 */
import type { LedgerEntryDraft } from './earn';
import { balanceOf, transferAll, type PointsState } from './points';

export interface MergeSideRead {
  memberId: string;
  mergedInto: string | null;
  familyRole: 'none' | 'primary' | 'secondary';
  points: PointsState;
  tags: readonly string[];
  openid: string | null;
  /** Profile facts from questionnaires (肤质: 干性); absent reads as none. */
  surveyFacts?: Readonly<Record<string, string>>;
}

export type MergeRefusal = 'merge_self' | 'member_merged' | 'merge_blocked';

export interface MergePlan {
  ok: true;
  moved: number;
  keep: { next: PointsState; entries: LedgerEntryDraft[] };
  merge: { next: PointsState; entries: LedgerEntryDraft[] };
  tags: string[];
  /** Both members' questionnaire facts; where both have one, the kept member's stands. */
  surveyFacts: Record<string, string>;
  /** What happens to the merged member's WeChat binding. */
  openid: 'move' | 'end' | 'none';
}

export type MergeDecision = { ok: false; refusal: MergeRefusal } | MergePlan;

/** Why this pair cannot be merged, or null. */
export function mergeRefusal(keep: MergeSideRead, merge: MergeSideRead): MergeRefusal | null {
  if (keep.memberId === merge.memberId) return 'merge_self';
  if (keep.mergedInto || merge.mergedInto) return 'member_merged';
  if (keep.familyRole !== 'none' || merge.familyRole !== 'none' || merge.points.debt > 0) return 'merge_blocked';
  return null;
}

export function decideMerge(keep: MergeSideRead, merge: MergeSideRead, mergeRef: string): MergeDecision {
  const refusal = mergeRefusal(keep, merge);
  if (refusal) return { ok: false, refusal };
  const t = transferAll(merge.points, keep.points);
  const source = { kind: 'merge', id: mergeRef };
  return {
    ok: true,
    moved: t.moved,
    merge: { next: t.from, entries: t.moved === 0 ? [] : [{ type: 'transfer', points: -t.moved, description: '会员合并转出', source, note: keep.memberId }] },
    keep: { next: t.to, entries: t.moved === 0 ? [] : [{ type: 'transfer', points: t.moved, description: '合并会员积分转入', source, note: merge.memberId }] },
    tags: [...new Set([...keep.tags, ...merge.tags])],
    surveyFacts: { ...(merge.surveyFacts ?? {}), ...(keep.surveyFacts ?? {}) },
    openid: !merge.openid ? 'none' : keep.openid ? 'end' : 'move',
  };
}

/** The two balances before and after, for checks: the sum is unchanged and the merged side is empty. */
export const mergeTotals = (keep: PointsState, merge: PointsState) => balanceOf(keep) + balanceOf(merge);
