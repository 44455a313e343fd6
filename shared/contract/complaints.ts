/** Complaints: a member files and follows them, staff handle their store's, the service desk handles all. */
import * as z from 'zod';
import { Instant, MemberId, StoreId } from './common';

export const ComplaintCategory = z.enum(['product', 'service', 'store', 'delivery', 'other']);
export type ComplaintCategory = z.infer<typeof ComplaintCategory>;
export const ComplaintState = z.enum(['new', 'in_progress', 'resolved', 'closed']);
export type ComplaintState = z.infer<typeof ComplaintState>;
export const ComplaintEventType = z.enum(['created', 'assigned', 'replied', 'in_progress', 'resolved', 'closed', 'reopened', 'rated']);
export const ComplaintActor = z.enum(['member', 'staff', 'admin']);

export const ComplaintId = z.string().regex(/^C\d{8}[0-9A-Z]{6}$/, 'not a complaint id');
export const ComplaintIdParams = z.object({ complaintId: ComplaintId });

const Mobile = z.string().regex(/^1\d{10}$/, 'expected an 11-digit mainland mobile number');

/** How the member wants to be contacted: a phone number (then required), WeChat messages, or not at all. */
export const ComplaintContact = z
  .object({ method: z.enum(['phone', 'wechat', 'none']), phone: Mobile.optional() })
  .strict()
  .superRefine((c, ctx) => {
    if (c.method === 'phone' && !c.phone) ctx.addIssue({ code: 'custom', path: ['phone'], message: 'a phone number is needed to be called back' });
  });
export type ComplaintContact = z.infer<typeof ComplaintContact>;

export const CreateComplaintRequest = z
  .object({
    /** Client-generated: a retry with the same id answers the complaint first filed. */
    requestId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'expected 8-64 letters, digits, _ or -'),
    category: ComplaintCategory,
    text: z.string().trim().min(5, 'at least 5 characters').max(1000),
    orderId: z.string().trim().min(1).max(64).optional(),
    storeId: StoreId.optional(),
    contact: ComplaintContact,
  })
  .strict();
export type CreateComplaintRequest = z.infer<typeof CreateComplaintRequest>;

export const ComplaintReplyRequest = z.object({ text: z.string().trim().min(1).max(1000) }).strict();
export const ComplaintAssignRequest = z
  .object({
    storeId: StoreId.optional(),
    /** A desk person (name or account) who owns it now. */
    assignee: z.string().trim().min(1).max(40).optional(),
  })
  .strict()
  .superRefine((a, ctx) => {
    if (a.storeId === undefined && a.assignee === undefined) ctx.addIssue({ code: 'custom', path: ['storeId'], message: 'give a store, an assignee or both' });
  });
export const ComplaintTransitionRequest = z
  .object({ action: z.enum(['start', 'resolve', 'close']), note: z.string().trim().max(200).optional() })
  .strict();
export const ComplaintReopenRequest = z.object({ reason: z.string().trim().max(200).optional() }).strict();
export const ComplaintRatingRequest = z
  .object({ score: z.number().int().min(1).max(5), comment: z.string().trim().max(300).default('') })
  .strict();

export const ComplaintEvent = z.object({
  type: ComplaintEventType,
  at: Instant,
  by: ComplaintActor,
  state: ComplaintState,
  summary: z.string(),
  /** The reply's text (replies), the reason or note given with a move. */
  text: z.string().nullable(),
});
export type ComplaintEvent = z.infer<typeof ComplaintEvent>;

export const ComplaintView = z.object({
  id: ComplaintId,
  category: ComplaintCategory,
  state: ComplaintState,
  text: z.string(),
  orderId: z.string().nullable(),
  storeId: z.string().nullable(),
  contact: z.object({ method: z.enum(['phone', 'wechat', 'none']), phone: z.string().nullable() }),
  createdAt: Instant,
  /** First response due (24 h after filing). */
  dueAt: Instant,
  firstResponseAt: Instant.nullable(),
  resolvedAt: Instant.nullable(),
  /** Open, no reply from staff or the desk yet, past dueAt. */
  overdue: z.boolean(),
  rating: z.object({ score: z.number().int(), comment: z.string(), at: Instant }).nullable(),
  /** The member may reopen it until then (7 days after the latest resolution). */
  reopenUntil: Instant.nullable(),
  canReopen: z.boolean(),
  canRate: z.boolean(),
  updatedAt: Instant,
  /** Desk only (staff and admin): who filed it and who owns it. Phones are masked for staff. */
  memberId: MemberId.optional(),
  assignee: z.string().nullable().optional(),
  rev: z.number().int(),
});
export type ComplaintView = z.infer<typeof ComplaintView>;

export const ComplaintDetail = ComplaintView.extend({ timeline: z.array(ComplaintEvent) });
export type ComplaintDetail = z.infer<typeof ComplaintDetail>;

export const ComplaintList = z.object({ complaints: z.array(ComplaintView) });

/** The stores a member picks from by name (the complaint form), ordered by city and name. */
export const StoreList = z.object({ stores: z.array(z.object({ storeId: StoreId, name: z.string(), city: z.string().nullable() })) });

const Bool = z.enum(['true', 'false']).transform((v) => v === 'true');
export const StaffComplaintsQuery = z.object({ state: ComplaintState.optional(), overdue: Bool.optional() });
export const AdminComplaintsQuery = z.object({ state: ComplaintState.optional(), overdue: Bool.optional(), storeId: StoreId.optional() });

/** The full number of a member who chose to be phoned back, revealed to her store's clerk (each reveal audited). */
export const ComplaintPhoneResponse = z.object({ complaintId: z.string(), phone: z.string() });
export type ComplaintPhoneResponse = z.infer<typeof ComplaintPhoneResponse>;
