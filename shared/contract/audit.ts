/** The audit trail of admin changes and personal-data access (the audit log page). */
import * as z from 'zod';
import { Instant, LocalDate, MemberId } from './common';

export const AuditEntry = z.object({
  at: Instant,
  /** The actor's openid (or a system name such as `seed`); pages show `actorLabel`. */
  actor: z.string(),
  /** "张敏（管理员）", "店员 · 静安店", "系统": the actor by name or role (never the openid). */
  actorLabel: z.string(),
  actorRole: z.enum(['admin', 'staff', 'member', 'system', 'unknown']),
  action: z.string(),
  /** The action in Chinese (其他操作 for one the log does not know yet). */
  actionLabel: z.string(),
  target: z.string(),
  /** The member the entry concerns, when it concerns one, and how the page names her ("张三 138****5678", masked). */
  memberId: z.string().nullable(),
  memberLabel: z.string().nullable(),
  /** What changed, with every phone number in it masked. */
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
});

const Cursor = z.string().regex(/^[A-Za-z0-9_-]{1,1500}$/, 'not a cursor from this list');

export const AuditQuery = z
  .object({
    /** Entries about one thing: `member:<id>`, `template:<id>`, `rules`, ... */
    target: z.string().min(1).max(100).optional(),
    /** Entries about one member (her target `member:<id>`). */
    member: MemberId.optional(),
    /** Entries by one actor (openid or system name). */
    actor: z.string().regex(/^[A-Za-z0-9_.@-]{1,128}$/, 'not an actor id').optional(),
    /** One action, e.g. member.phone_revealed. */
    action: z.string().regex(/^[a-z][a-z0-9_.-]{1,63}$/, 'not an action name').optional(),
    /** Beijing dates, both included. */
    from: LocalDate.optional(),
    to: LocalDate.optional(),
    cursor: Cursor.optional(),
    limit: z.coerce.number().int().min(1).max(100).optional(),
  })
  .superRefine((q, ctx) => {
    if (q.target && q.member) ctx.addIssue({ code: 'custom', path: ['member'], message: 'give either member or target' });
    if (q.from && q.to && q.from > q.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'the end date is before the start date' });
  });
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditResponse = z.object({
  entries: z.array(AuditEntry),
  /** Pass back as `cursor` for the next (older) page; null when there is none. */
  cursor: z.string().nullable(),
});
export type AuditResponse = z.infer<typeof AuditResponse>;
