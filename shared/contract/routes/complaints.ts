import { lazy, type RouteSlice } from './spec';

// Schemas are built on first use, not when the slice is loaded (see spec.ts).
const complaints = lazy(() => require('../complaints') as typeof import('../complaints'));

/** Complaints: members, store staff, the desk (functions/complaints). */
export const complaintsRoutes = {
  createComplaint: {
    method: 'POST',
    path: '/members/me/complaints',
    summary: 'File a complaint (idempotent on requestId): product, service, store, delivery or other; first response due in 24 hours',
    auth: ['member'],
    get body() {
      return complaints().CreateComplaintRequest;
    },
    get response() {
      return complaints().ComplaintDetail;
    },
    quota: 'complaint',
    errors: ['busy', 'complaint_not_found', 'not_registered', 'request_reused', 'unknown_store'],
    status: 201,
  },
  complaintStores: {
    method: 'GET',
    path: '/members/me/complaint-stores',
    summary: 'The stores a member can name in a complaint, by name',
    auth: ['member'],
    get response() {
      return complaints().StoreList;
    },
    errors: [],
  },
  stores: {
    method: 'GET',
    path: '/stores',
    summary: "The brand's stores by name, for pickers (staff and admins filter by store without typing codes)",
    auth: ['member', 'staff', 'admin'],
    get response() {
      return complaints().StoreList;
    },
    errors: [],
  },
  myComplaints: {
    method: 'GET',
    path: '/members/me/complaints',
    summary: "The member's complaints, newest first, with their state",
    auth: ['member'],
    get response() {
      return complaints().ComplaintList;
    },
    errors: ['not_registered'],
  },
  myComplaint: {
    method: 'GET',
    path: '/members/me/complaints/{complaintId}',
    summary: "One of the member's complaints with its timeline (another member's is 404)",
    auth: ['member'],
    get params() {
      return complaints().ComplaintIdParams;
    },
    get response() {
      return complaints().ComplaintDetail;
    },
    errors: ['complaint_not_found', 'not_registered'],
  },
  rateComplaint: {
    method: 'POST',
    path: '/members/me/complaints/{complaintId}/rating',
    summary: 'Rate a resolved or closed complaint, 1-5 with a comment, once',
    auth: ['member'],
    get params() {
      return complaints().ComplaintIdParams;
    },
    get body() {
      return complaints().ComplaintRatingRequest;
    },
    get response() {
      return complaints().ComplaintDetail;
    },
    errors: ['action_not_allowed', 'already_rated', 'busy', 'complaint_not_found', 'complaint_not_open', 'illegal_transition', 'invalid_score', 'not_owner', 'not_registered', 'not_resolved', 'reopen_window_passed', 'unknown_action'],
  },
  reopenComplaint: {
    method: 'POST',
    path: '/members/me/complaints/{complaintId}/reopen',
    summary: 'Reopen a resolved or closed complaint within 7 days of its resolution',
    auth: ['member'],
    get params() {
      return complaints().ComplaintIdParams;
    },
    get body() {
      return complaints().ComplaintReopenRequest;
    },
    get response() {
      return complaints().ComplaintDetail;
    },
    errors: ['action_not_allowed', 'already_rated', 'busy', 'complaint_not_found', 'complaint_not_open', 'illegal_transition', 'invalid_score', 'not_owner', 'not_registered', 'not_resolved', 'reopen_window_passed', 'unknown_action'],
  },
  staffComplaints: {
    method: 'GET',
    path: '/staff/complaints',
    summary: "The staff member's store's complaints, newest first (phones masked)",
    auth: ['staff'],
    get query() {
      return complaints().StaffComplaintsQuery;
    },
    get response() {
      return complaints().ComplaintList;
    },
  },
  staffComplaint: {
    method: 'GET',
    path: '/staff/complaints/{complaintId}',
    summary: "One of the store's complaints with its timeline (another store's is 403)",
    auth: ['staff'],
    get params() {
      return complaints().ComplaintIdParams;
    },
    get response() {
      return complaints().ComplaintDetail;
    },
    errors: ['complaint_not_found'],
  },
  staffReplyComplaint: {
    method: 'POST',
    path: '/staff/complaints/{complaintId}/reply',
    summary: "Reply to one of the store's complaints (shown to the member; the first reply starts a new complaint)",
    auth: ['staff'],
    get params() {
      return complaints().ComplaintIdParams;
    },
    get body() {
      return complaints().ComplaintReplyRequest;
    },
    get response() {
      return complaints().ComplaintDetail;
    },
    errors: ['action_not_allowed', 'already_rated', 'busy', 'complaint_not_found', 'complaint_not_open', 'illegal_transition', 'invalid_score', 'not_owner', 'not_resolved', 'reopen_window_passed', 'unknown_action'],
  },
  staffTransitionComplaint: {
    method: 'POST',
    path: '/staff/complaints/{complaintId}/transition',
    summary: "Start, resolve or close one of the store's complaints (an illegal move is 409)",
    auth: ['staff'],
    get params() {
      return complaints().ComplaintIdParams;
    },
    get body() {
      return complaints().ComplaintTransitionRequest;
    },
    get response() {
      return complaints().ComplaintDetail;
    },
    errors: ['action_not_allowed', 'already_rated', 'busy', 'complaint_not_found', 'complaint_not_open', 'illegal_transition', 'invalid_score', 'not_owner', 'not_resolved', 'reopen_window_passed', 'unknown_action'],
  },
  staffComplaintPhone: {
    method: 'POST',
    path: '/staff/complaints/{complaintId}/phone',
    summary: "The full number of a member who asked to be phoned back, for her store's clerk to call (each reveal audited: who, when, which complaint)",
    auth: ['staff'],
    get params() {
      return complaints().ComplaintIdParams;
    },
    get response() {
      return complaints().ComplaintPhoneResponse;
    },
    errors: ['busy', 'complaint_not_found', 'no_contact_phone'],
  },
  adminComplaints: {
    method: 'GET',
    path: '/admin/complaints',
    summary: 'The complaints desk: filter by state, overdue (no reply 24 hours after filing) and store',
    auth: ['admin'],
    get query() {
      return complaints().AdminComplaintsQuery;
    },
    get response() {
      return complaints().ComplaintList;
    },
  },
  adminComplaint: {
    method: 'GET',
    path: '/admin/complaints/{complaintId}',
    summary: 'One complaint with its timeline',
    auth: ['admin'],
    get params() {
      return complaints().ComplaintIdParams;
    },
    get response() {
      return complaints().ComplaintDetail;
    },
    errors: ['complaint_not_found'],
  },
  adminAssignComplaint: {
    method: 'POST',
    path: '/admin/complaints/{complaintId}/assign',
    summary: 'Assign an open complaint to a store and/or a desk person',
    auth: ['admin'],
    get params() {
      return complaints().ComplaintIdParams;
    },
    get body() {
      return complaints().ComplaintAssignRequest;
    },
    get response() {
      return complaints().ComplaintDetail;
    },
    errors: ['action_not_allowed', 'already_rated', 'busy', 'complaint_not_found', 'complaint_not_open', 'illegal_transition', 'invalid_score', 'not_owner', 'not_resolved', 'reopen_window_passed', 'unknown_action', 'unknown_store'],
  },
  adminReplyComplaint: {
    method: 'POST',
    path: '/admin/complaints/{complaintId}/reply',
    summary: 'Reply to a complaint (shown to the member; the first reply starts a new complaint)',
    auth: ['admin'],
    get params() {
      return complaints().ComplaintIdParams;
    },
    get body() {
      return complaints().ComplaintReplyRequest;
    },
    get response() {
      return complaints().ComplaintDetail;
    },
    errors: ['action_not_allowed', 'already_rated', 'busy', 'complaint_not_found', 'complaint_not_open', 'illegal_transition', 'invalid_score', 'not_owner', 'not_resolved', 'reopen_window_passed', 'unknown_action'],
  },
  adminTransitionComplaint: {
    method: 'POST',
    path: '/admin/complaints/{complaintId}/transition',
    summary: 'Start, resolve or close a complaint (an illegal move is 409)',
    auth: ['admin'],
    get params() {
      return complaints().ComplaintIdParams;
    },
    get body() {
      return complaints().ComplaintTransitionRequest;
    },
    get response() {
      return complaints().ComplaintDetail;
    },
    errors: ['action_not_allowed', 'already_rated', 'busy', 'complaint_not_found', 'complaint_not_open', 'illegal_transition', 'invalid_score', 'not_owner', 'not_resolved', 'reopen_window_passed', 'unknown_action'],
  },
  adminComplaintPhone: {
    method: 'POST',
    path: '/admin/complaints/{complaintId}/phone',
    summary: 'The full call-back number of a complaint, for an admin holding the phones permission (audited)',
    auth: ['admin'],
    get params() {
      return complaints().ComplaintIdParams;
    },
    get response() {
      return complaints().ComplaintPhoneResponse;
    },
    errors: ['busy', 'complaint_not_found', 'no_contact_phone', 'no_phone_permission'],
  },
} as const satisfies RouteSlice;
