/** Adjustments by an admin: signed points with a reason, idempotent on the client's adjustment id, audited. */
import type { Session } from '../lib/session';
import { adjustPoints } from './movements';

export async function adjust(session: Session, memberId: string, body: { adjustmentId: string; points: number; reason: string }) {
  const r = await adjustPoints(session.openid, memberId, body.adjustmentId, body.points, body.reason);
  return {
    entry: {
      id: r.entryId,
      type: 'adjust' as const,
      points: body.points,
      balanceAfter: r.balance,
      createdAt: r.at,
      description: body.points > 0 ? '积分补发' : '积分扣减',
      source: { kind: 'adjust', id: body.adjustmentId },
      storeId: null,
      ruleVersion: null,
      note: body.reason,
      byMember: null,
    },
    balance: r.balance,
    replayed: r.replayed,
  };
}
