/** Family accounts (主副卡). */
import * as z from 'zod';
import { Instant, MemberId, Points } from './common';

export const FamilyMember = z.object({ id: MemberId, name: z.string().nullable(), phoneMasked: z.string(), since: Instant });

export const FamilyView = z.object({
  role: z.enum(['none', 'primary', 'secondary']),
  primary: FamilyMember.nullable(),
  secondaries: z.array(FamilyMember),
  /** The shared balance (the primary's account) when linked, else the member's own. */
  balance: Points,
  /** The primary's open invitation, if any. */
  invite: z.object({ code: z.string(), expiresAt: Instant }).nullable(),
  maxSecondaries: z.number().int(),
});
export type FamilyView = z.infer<typeof FamilyView>;

export const FamilyInviteResponse = z.object({ code: z.string().regex(/^\d{8}$/), expiresAt: Instant });
export const FamilyJoinRequest = z.object({ code: z.string().regex(/^\d{8}$/, 'the invitation code is 8 digits') }).strict();
export const FamilyLeaveRequest = z
  .object({ /** The primary removes this secondary; a secondary leaves without it. */ memberId: MemberId.optional() })
  .strict();
