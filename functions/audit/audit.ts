/** The audit trail of admin changes (who, when, before, after). */
import { listAudit } from '../adapters/dynamo/admin-repo';

export async function audit(query: { target?: string | undefined; limit?: number | undefined }) {
  return { entries: await listAudit({ target: query.target, limit: query.limit ?? 50 }) };
}
