import { route, router } from '../lib/http';
import {
  adminAssign,
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
  staffComplaints,
  staffReply,
  staffTransition,
} from './complaints';

/** Complaints: members file and follow theirs, staff handle their store's, the desk (admin) all: one Lambda. */
export const handler = router({
  createComplaint: route('createComplaint', ({ session, body }) => createComplaint(session, body)),
  myComplaints: route('myComplaints', ({ session }) => myComplaints(session)),
  myComplaint: route('myComplaint', ({ session, params }) => myComplaint(session, params.complaintId)),
  rateComplaint: route('rateComplaint', ({ session, params, body }) => rateComplaint(session, params.complaintId, body.score, body.comment)),
  reopenComplaint: route('reopenComplaint', ({ session, params, body }) => reopenComplaint(session, params.complaintId, body.reason)),
  staffComplaints: route('staffComplaints', ({ session, query }) => staffComplaints(session, query)),
  staffComplaint: route('staffComplaint', ({ session, params }) => staffComplaint(session, params.complaintId)),
  staffReplyComplaint: route('staffReplyComplaint', ({ session, params, body }) => staffReply(session, params.complaintId, body.text)),
  staffTransitionComplaint: route('staffTransitionComplaint', ({ session, params, body }) => staffTransition(session, params.complaintId, body.action, body.note)),
  adminComplaints: route('adminComplaints', ({ query }) => adminComplaints(query)),
  adminComplaint: route('adminComplaint', ({ params }) => adminComplaint(params.complaintId)),
  adminAssignComplaint: route('adminAssignComplaint', ({ session, params, body }) => adminAssign(session, params.complaintId, body)),
  adminReplyComplaint: route('adminReplyComplaint', ({ session, params, body }) => adminReply(session, params.complaintId, body.text)),
  adminTransitionComplaint: route('adminTransitionComplaint', ({ session, params, body }) => adminTransition(session, params.complaintId, body.action, body.note)),
});
