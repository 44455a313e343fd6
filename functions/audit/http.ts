import { auditRoutes } from '../../shared/contract/routes/audit';
import { route, router } from '../lib/http';
import { audit } from './audit';

/** The audit trail for admins. */
export const handler = router({
  adminAudit: route(auditRoutes, 'adminAudit', ({ query }) => audit(query)),
});
