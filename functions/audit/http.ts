import { route, router } from '../lib/http';
import { audit } from './audit';

/** The audit trail for admins. */
export const handler = router({
  adminAudit: route('adminAudit', ({ query }) => audit(query)),
});
