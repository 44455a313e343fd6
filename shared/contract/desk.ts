/** The service desk (admins): find a member, her view, freeze and unfreeze, a lost card and its replacement. */
import * as z from 'zod';
import { Instant, MemberId, Points } from './common';
import { CardNoInput, CardState } from './cards';

export const DeskSearchQuery = z.object({ q: z.string().trim().min(1).max(64) });

export const DeskFreeze = z.object({ at: Instant, by: z.string(), reason: z.string() });

export const DeskMemberView = z.object({
  id: MemberId,
  /** Masked (the phone permission and its reveal belong to the admin access rules). */
  phoneMasked: z.string(),
  name: z.string().nullable(),
  registeredAt: Instant,
  tier: z.object({ code: z.string(), name: z.string() }),
  points: z.object({ balance: Points, spendable: Points }),
  card: z.object({ cardNo: z.string(), state: CardState, boundAt: Instant.nullable(), source: z.string().nullable() }).nullable(),
  lostCards: z.array(z.string()),
  family: z.enum(['none', 'primary', 'secondary']),
  frozen: DeskFreeze.nullable(),
});
export type DeskMemberView = z.infer<typeof DeskMemberView>;

export const DeskSearchResponse = z.object({
  /** How the box was read. */
  kind: z.enum(['phone', 'memberId', 'card']),
  members: z.array(DeskMemberView),
});
export type DeskSearchResponse = z.infer<typeof DeskSearchResponse>;

const Reason = z.string().trim().min(1, 'give a reason').max(200);

export const FreezeRequest = z.object({ frozen: z.boolean(), reason: Reason }).strict();
export const LostCardRequest = z.object({ reason: Reason }).strict();
export const ReplaceCardRequest = z.object({ cardNo: CardNoInput, reason: Reason }).strict();
