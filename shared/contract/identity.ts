/**
 * The service desk's identity operations (issue 16): birthday set once (the desk corrects it),
 * 换绑 (a member moves to a new WeChat account), and merging two duplicate members.
 */
import * as z from 'zod';
import { Instant, LocalDate, MemberId, Points } from './common';

const Reason = z.string().trim().min(2, 'give a reason').max(100);

export const BirthdayCorrectionRequest = z.object({ birthday: LocalDate, reason: Reason }).strict();
export const BirthdayCorrectionResponse = z.object({ memberId: MemberId, birthday: LocalDate, previous: LocalDate.nullable() });

// ---- 换绑 -------------------------------------------------------------------------------------------

export const RebindId = z.string().regex(/^rb_[0-9a-f]{16,40}$/, 'not a request id');
export const RebindIdParams = z.object({ requestId: RebindId });
export const RebindState = z.enum(['pending', 'confirmed', 'refused', 'expired']);

/** A person on a new WeChat account asks to move the member who has this phone to it. */
export const RebindCreateRequest = z.object({ phoneCode: z.string().min(1).max(128) }).strict();

/** The request as the new account sees it. */
export const RebindView = z.object({
  id: RebindId,
  state: RebindState,
  phoneMasked: z.string(),
  createdAt: Instant,
  expiresAt: Instant,
  decidedAt: Instant.nullable(),
  /** Who decided: the desk or the member from her old account. */
  decidedBy: z.enum(['desk', 'member']).nullable(),
});
export const MyRebindResponse = z.object({ request: RebindView.nullable() });

/** What the old account sees: the pending request to move her membership away. */
export const PendingRebindsResponse = z.object({
  requests: z.array(z.object({ id: RebindId, createdAt: Instant, expiresAt: Instant })),
});

export const RebindDecision = z.object({ id: RebindId, state: RebindState, memberId: MemberId });

export const DeskRebindDecisionRequest = z.object({ reason: Reason }).strict();

export const DeskRebindsQuery = z.object({ state: RebindState.optional() }).strict();
export const DeskRebindsResponse = z.object({
  requests: z.array(
    z.object({
      id: RebindId,
      memberId: MemberId,
      name: z.string().nullable(),
      phoneMasked: z.string(),
      state: RebindState,
      createdAt: Instant,
      expiresAt: Instant,
      decidedAt: Instant.nullable(),
      decidedBy: z.enum(['desk', 'member']).nullable(),
    }),
  ),
});

/** In-app notices of a WeChat account (e.g. "your membership moved to another WeChat account"). */
export const NoticesResponse = z.object({
  notices: z.array(z.object({ id: z.string(), kind: z.enum(['rebind_moved', 'merged']), text: z.string(), at: Instant })),
});

// ---- merge ------------------------------------------------------------------------------------------

export const MergePair = z.object({ keepId: MemberId, mergeId: MemberId });
export const MergePreviewQuery = MergePair.strict();
export const MergeRequest = MergePair.extend({ reason: Reason }).strict();

export const MergeSide = z.object({
  id: MemberId,
  name: z.string().nullable(),
  phoneMasked: z.string(),
  tierName: z.string(),
  registeredAt: Instant,
  balance: Points,
  coupons: z.number().int().nonnegative(),
  tags: z.array(z.string()),
  wechatBound: z.boolean(),
  mergedInto: MemberId.nullable(),
});

export const MergePreview = z.object({
  keep: MergeSide,
  merge: MergeSide,
  /** What the kept member has after the merge. */
  after: z.object({ balance: Points, coupons: z.number().int().nonnegative(), tags: z.array(z.string()), wechatMoves: z.boolean() }),
  /** Why the merge cannot be done (a catalogue code), or null. */
  refusal: z.string().nullable(),
});

export const MergeResult = z.object({
  keepId: MemberId,
  mergedId: MemberId,
  pointsMoved: Points,
  couponsMoved: z.number().int().nonnegative(),
  balance: Points,
  tags: z.array(z.string()),
  at: Instant,
  /** The same merge was already done: nothing changed. */
  replayed: z.boolean(),
});

export const MemberMerges = z.object({
  mergedInto: MemberId.nullable(),
  mergedFrom: z.array(z.object({ memberId: MemberId, at: Instant, pointsMoved: Points, couponsMoved: z.number().int() })),
});
