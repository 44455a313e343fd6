import { complaintsRoutes } from '../../shared/contract/routes/complaints';
import { route, router } from '../lib/http';
import {
  adminAssign,
  adminComplaintPhone,
  adminComplaint,
  adminComplaints,
  adminReply,
  adminTransition,
  createComplaint,
  myComplaint,
  myComplaints,
  rateComplaint,
  reopenComplaint,
  staffComplaint,
  staffComplaintPhone,
  staffComplaints,
  staffReply,
  staffTransition,
} from './complaints';
import { complaintStores } from './stores';

/** Complaints: members file and follow theirs, staff handle their store's, the desk (admin) all: one Lambda. */
export const handler = router({
  createComplaint: route(complaintsRoutes, 'createComplaint', ({ session, body }) => createComplaint(session, body)),
  complaintStores: route(complaintsRoutes, 'complaintStores', () => complaintStores()),
  stores: route(complaintsRoutes, 'stores', () => complaintStores()),
  myComplaints: route(complaintsRoutes, 'myComplaints', ({ session }) => myComplaints(session)),
  myComplaint: route(complaintsRoutes, 'myComplaint', ({ session, params }) => myComplaint(session, params.complaintId)),
  rateComplaint: route(complaintsRoutes, 'rateComplaint', ({ session, params, body }) => rateComplaint(session, params.complaintId, body.score, body.comment)),
  reopenComplaint: route(complaintsRoutes, 'reopenComplaint', ({ session, params, body }) => reopenComplaint(session, params.complaintId, body.reason)),
  staffComplaints: route(complaintsRoutes, 'staffComplaints', ({ session, query }) => staffComplaints(session, query)),
  staffComplaint: route(complaintsRoutes, 'staffComplaint', ({ session, params }) => staffComplaint(session, params.complaintId)),
  staffReplyComplaint: route(complaintsRoutes, 'staffReplyComplaint', ({ session, params, body }) => staffReply(session, params.complaintId, body.text)),
  staffTransitionComplaint: route(complaintsRoutes, 'staffTransitionComplaint', ({ session, params, body }) => staffTransition(session, params.complaintId, body.action, body.note)),
  staffComplaintPhone: route(complaintsRoutes, 'staffComplaintPhone', ({ session, params }) => staffComplaintPhone(session, params.complaintId)),
  adminComplaints: route(complaintsRoutes, 'adminComplaints', ({ query }) => adminComplaints(query)),
  adminComplaint: route(complaintsRoutes, 'adminComplaint', ({ params }) => adminComplaint(params.complaintId)),
  adminAssignComplaint: route(complaintsRoutes, 'adminAssignComplaint', ({ session, params, body }) => adminAssign(session, params.complaintId, body)),
  adminReplyComplaint: route(complaintsRoutes, 'adminReplyComplaint', ({ session, params, body }) => adminReply(session, params.complaintId, body.text)),
  adminTransitionComplaint: route(complaintsRoutes, 'adminTransitionComplaint', ({ session, params, body }) => adminTransition(session, params.complaintId, body.action, body.note)),
  adminComplaintPhone: route(complaintsRoutes, 'adminComplaintPhone', ({ session, params }) => adminComplaintPhone(session, params.complaintId)),
});
