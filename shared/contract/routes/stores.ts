import { lazy, type RouteSlice } from './spec';

// Schemas are built on first use, not when the slice is loaded (see spec.ts).
const stores = lazy(() => require('../stores') as typeof import('../stores'));
const common = lazy(() => require('../common') as typeof import('../common'));

/** Stores, staff and invites (functions/stores). */
export const storesRoutes = {
  adminStores: {
    method: 'GET',
    path: '/admin/stores',
    summary: 'Every store, open or closed (admins)',
    auth: ['admin'],
    get response() {
      return stores().AdminStoresResponse;
    },
    errors: [],
  },
  createStore: {
    method: 'POST',
    path: '/admin/stores',
    summary: 'A new store, open (audited)',
    auth: ['admin'],
    get body() {
      return stores().CreateStoreRequest;
    },
    get response() {
      return stores().Store;
    },
    errors: ['store_exists'],
  },
  updateStore: {
    method: 'PUT',
    path: '/admin/stores/{storeId}',
    summary: "A store's name, city, address and open/closed (audited); a closed store's till refuses checkouts",
    auth: ['admin'],
    get body() {
      return stores().UpdateStoreRequest;
    },
    get params() {
      return stores().StoreParams;
    },
    get response() {
      return stores().Store;
    },
    errors: ['store_not_found', 'conflict'],
  },
  storeStaff: {
    method: 'GET',
    path: '/stores/{storeId}/staff',
    summary: "A store's managers and clerks (its manager, or an admin)",
    auth: ['manager', 'admin'],
    get params() {
      return stores().StoreParams;
    },
    get response() {
      return stores().StoreStaffResponse;
    },
    errors: ['store_not_found'],
  },
  storePoster: {
    method: 'GET',
    path: '/stores/{storeId}/poster',
    summary: "The store's registration poster as a mini-program code (小程序码): a new member who scans it is credited to the store (its manager, or an admin)",
    auth: ['manager', 'admin'],
    get params() {
      return stores().StoreParams;
    },
    get response() {
      return common().PosterCode;
    },
    errors: ['store_not_found', 'store_closed', 'wechat_unavailable'],
  },
  createInvite: {
    method: 'POST',
    path: '/stores/{storeId}/invites',
    summary: 'A one-time invite (24 h) to join the store as clerk (its manager or an admin) or manager (an admin)',
    auth: ['manager', 'admin'],
    get body() {
      return stores().CreateInviteRequest;
    },
    get params() {
      return stores().StoreParams;
    },
    get response() {
      return stores().Invite;
    },
    errors: ['store_not_found', 'store_closed', 'busy'],
  },
  removeStaff: {
    method: 'DELETE',
    path: '/stores/{storeId}/staff/{openid}',
    summary: 'Removes a clerk (its manager or an admin) or a manager (an admin) from the store; effective within 60 s (audited)',
    auth: ['manager', 'admin'],
    get params() {
      return stores().StaffParams;
    },
    get response() {
      return stores().Done;
    },
    errors: ['staff_not_found'],
  },
  setStaffPosition: {
    method: 'PUT',
    path: '/stores/{storeId}/staff/{openid}',
    summary: 'Appoints a clerk as manager or makes a manager a clerk again (admins, audited)',
    auth: ['admin'],
    get body() {
      return stores().SetPositionRequest;
    },
    get params() {
      return stores().StaffParams;
    },
    get response() {
      return stores().StaffMember;
    },
    errors: ['staff_not_found'],
  },
  viewInvite: {
    method: 'GET',
    path: '/invites/{code}',
    summary: 'An invite as its receiver sees it: store, position, validity, state',
    auth: ['member'],
    get params() {
      return stores().InviteParams;
    },
    get response() {
      return stores().InviteView;
    },
    errors: ['invite_not_found'],
  },
  acceptInvite: {
    method: 'POST',
    path: '/invites/{code}/accept',
    summary: "Joins the invite's store (single use, 24 h; audited); sign in again to work there",
    auth: ['member'],
    get params() {
      return stores().InviteParams;
    },
    get response() {
      return stores().AcceptInviteResponse;
    },
    errors: ['invite_not_found', 'invite_used', 'invite_expired', 'already_staff', 'store_closed', 'busy'],
  },
  admins: {
    method: 'GET',
    path: '/admin/admins',
    summary: "The brand's admins",
    auth: ['admin'],
    get response() {
      return stores().AdminsResponse;
    },
    errors: [],
  },
  grantAdmin: {
    method: 'POST',
    path: '/admin/admins',
    summary: "Makes a person (by her WeChat openid, e.g. from a store's staff) an admin (audited)",
    auth: ['admin'],
    get body() {
      return stores().GrantAdminRequest;
    },
    get response() {
      return stores().Done;
    },
    errors: [],
  },
  revokeAdmin: {
    method: 'DELETE',
    path: '/admin/admins/{openid}',
    summary: 'Revokes an admin, never the last one; effective within 60 s (audited)',
    auth: ['admin'],
    get params() {
      return stores().OpenIdParams;
    },
    get response() {
      return stores().Done;
    },
    errors: ['admin_not_found', 'last_admin'],
  },
} as const satisfies RouteSlice;
