/** The audit trail of admin changes. */
import * as z from 'zod';
import { Instant } from './common';

export const AuditEntry = z.object({
  at: Instant,
  actor: z.string(),
  action: z.string(),
  target: z.string(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
});
export const AuditQuery = z.object({ target: z.string().max(100).optional(), limit: z.coerce.number().int().min(1).max(100).optional() });
export const AuditResponse = z.object({ entries: z.array(AuditEntry) });
