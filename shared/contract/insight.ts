/** What the till, the admin and a segment's sample show of a member: tags, lifecycle stage, RFM scores. */
import * as z from 'zod';
import { Instant, MemberId } from './common';

export const LifecycleStage = z.enum(['new', 'active', 'silent', 'dormant', 'lost']);
export type LifecycleStage = z.infer<typeof LifecycleStage>;

export const Rfm = z.object({ r: z.number().int(), f: z.number().int(), m: z.number().int() });

/** What the till, the admin and the segment sample show of a member. */
export const MemberInsight = z.object({
  memberId: MemberId,
  phoneMasked: z.string(),
  name: z.string().nullable(),
  tierCode: z.string(),
  tags: z.array(z.string()),
  lifecycle: LifecycleStage,
  rfm: Rfm,
  firstPurchaseAt: Instant.nullable(),
  lastPurchaseAt: Instant.nullable(),
  orders12m: z.number().int(),
  spend12mFen: z.number().int(),
  averageOrderFen: z.number().int(),
  /** The store whose poster brought her in, and the store of her last purchase. */
  registrationStoreId: z.string().nullable(),
  lastStoreId: z.string().nullable(),
});
export type MemberInsight = z.infer<typeof MemberInsight>;
