import { rightsRoutes } from '../../shared/contract/routes/rights';
import { route, router } from '../lib/http';
import { adminDeletions, cancelDeletion, myDeletion, requestDeletion } from './deletion';
import { myDataExport, requestDataExport } from './export';
import { adminPolicy, currentPolicy, savePolicy } from './policies';
import { receivePush, verifyPushUrl } from './push';

/** The raw request body (WeChat's push is JSON or XML, read by the use case after the signature check). */
const rawBody = (e: { body?: string; isBase64Encoded?: boolean }) => (e.body ? (e.isBase64Encoded ? Buffer.from(e.body, 'base64').toString('utf8') : e.body) : '');

/** Members' data rights: agreements, data copy, deletion (one Lambda for the member, admin and public routes). */
export const handler = router({
  currentPolicy: route(rightsRoutes, 'currentPolicy', ({ params }) => currentPolicy(params.kind)),
  adminPolicy: route(rightsRoutes, 'adminPolicy', ({ params }) => adminPolicy(params.kind)),
  savePolicy: route(rightsRoutes, 'savePolicy', ({ session, params, body }) => savePolicy(session, params.kind, body)),
  myDataExport: route(rightsRoutes, 'myDataExport', ({ session }) => myDataExport(session)),
  requestDataExport: route(rightsRoutes, 'requestDataExport', ({ session }) => requestDataExport(session)),
  myDeletion: route(rightsRoutes, 'myDeletion', ({ session }) => myDeletion(session)),
  requestDeletion: route(rightsRoutes, 'requestDeletion', ({ session }) => requestDeletion(session)),
  cancelDeletion: route(rightsRoutes, 'cancelDeletion', ({ session }) => cancelDeletion(session)),
  adminDeletions: route(rightsRoutes, 'adminDeletions', () => adminDeletions()),
});

/** WeChat's message push URL (its own Lambda: public, plain-text answers). */
export const push = router({
  wechatPushVerify: route(rightsRoutes, 'wechatPushVerify', ({ query }) => verifyPushUrl(query)),
  wechatPush: route(rightsRoutes, 'wechatPush', ({ query, event }) => receivePush(query, rawBody(event))),
});
