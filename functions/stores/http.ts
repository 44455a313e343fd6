import { storesRoutes } from '../../shared/contract/routes/stores';
import { route, router } from '../lib/http';
import { admins, grantAdmin, revokeAdmin } from './admins';
import { acceptInvite, viewInvite } from './invites';
import { adminStores, createStore, updateStore } from './stores';
import { createInvite, removeStaff, setStaffPosition, storePoster, storeStaff } from './team';

/** Stores, staff, invites and admins (issue 16): one Lambda. */
export const handler = router({
  adminStores: route(storesRoutes, 'adminStores', () => adminStores()),
  createStore: route(storesRoutes, 'createStore', ({ session, body }) => createStore(session, body)),
  updateStore: route(storesRoutes, 'updateStore', ({ session, params, body }) => updateStore(session, params.storeId, body)),
  storeStaff: route(storesRoutes, 'storeStaff', ({ session, params }) => storeStaff(session, params.storeId)),
  storePoster: route(storesRoutes, 'storePoster', ({ session, params }) => storePoster(session, params.storeId)),
  createInvite: route(storesRoutes, 'createInvite', ({ session, params, body }) => createInvite(session, params.storeId, body.position)),
  removeStaff: route(storesRoutes, 'removeStaff', ({ session, params }) => removeStaff(session, params.storeId, params.openid)),
  setStaffPosition: route(storesRoutes, 'setStaffPosition', ({ session, params, body }) => setStaffPosition(session, params.storeId, params.openid, body.position)),
  viewInvite: route(storesRoutes, 'viewInvite', ({ params }) => viewInvite(params.code)),
  acceptInvite: route(storesRoutes, 'acceptInvite', ({ session, params }) => acceptInvite(session, params.code)),
  admins: route(storesRoutes, 'admins', () => admins()),
  grantAdmin: route(storesRoutes, 'grantAdmin', ({ session, body }) => grantAdmin(session, body.openid)),
  revokeAdmin: route(storesRoutes, 'revokeAdmin', ({ session, params }) => revokeAdmin(session, params.openid)),
});
