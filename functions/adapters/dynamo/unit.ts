/**
 * What a unit of work answers. A repository builds its Tx (tx.ts: labelled items) inside a function
 * named from the business (`recordAdjustment`, `saveTierProgram`, `recordComplaintMove`…) and answers
 * either written, or the one thing that stopped it, named for the caller ('revision_moved',
 * 'already_applied', 'state_changed'…): use cases never see item labels.
 */
import type { Tx } from './tx';

export type Written<F extends string, Ok extends object = object> = ({ ok: true } & Ok) | { ok: false; failed: F };

/**
 * Sends `tx`. A cancellation is named by the first pair of `named` (item label, failure) whose item's
 * condition failed, else `otherwise` (a revision that moved, or a conflicting transaction).
 */
export async function commit<F extends string>(tx: Tx, named: readonly (readonly [label: string, failure: F])[], otherwise: F): Promise<{ ok: true } | { ok: false; failed: F; old: (label: string) => Record<string, unknown> | null }> {
  const out = await tx.send();
  if (out.ok) return { ok: true };
  const hit = named.find(([label]) => out.failed.includes(label));
  return { ok: false, failed: hit ? hit[1] : otherwise, old: out.item };
}
