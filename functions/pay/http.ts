import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { payRoutes } from '../../shared/contract/routes/pay';
import { route, router, type RouteHandler } from '../lib/http';
import { adminPaymentExceptions, adminPayments, adminRefunds, myPayment } from './admin';
import { receiveNotification } from './notify';
import { reconcileNow } from './reconcile';
import { registerKinds } from './register-kinds';

registerKinds();

/** The raw request body, byte for byte as WeChat signed it (API Gateway base64-encodes some bodies). */
const rawBody = (e: APIGatewayProxyEventV2) => (e.body ? (e.isBase64Encoded ? Buffer.from(e.body, 'base64').toString('utf8') : e.body) : '');

/**
 * WeChat Pay wants 204 with no body on success and `{"code":"FAIL","message":"…"}` with a 4xx/5xx on
 * failure. The answer keeps our catalogue's `error` object beside those two fields (WeChat reads only
 * `code` and `message`), so it is still an API error like any other.
 */
function wechatPayAnswer(h: RouteHandler): RouteHandler {
  const wrapped = async (event: APIGatewayProxyEventV2, context?: Parameters<RouteHandler>[1]) => {
    const r = (await h(event, context)) as APIGatewayProxyStructuredResultV2;
    const status = r.statusCode ?? 200;
    if (status < 300) return { statusCode: 204, headers: { 'cache-control': 'no-store' }, body: '' };
    let error: { code?: string; message?: string } = {};
    try {
      error = (JSON.parse(String(r.body ?? '{}')) as { error?: typeof error }).error ?? {};
    } catch {
      // keep the empty error
    }
    return { ...r, body: JSON.stringify({ code: 'FAIL', message: error.message ?? 'failed', error }) };
  };
  return Object.assign(wrapped, { routeName: h.routeName, spec: h.spec });
}

/** WeChat Pay's notification URL (its own Lambda: public, raw body, answers within 5 s). */
export const notify = router({
  wechatPayNotify: wechatPayAnswer(
    route(payRoutes, 'wechatPayNotify', async ({ event }) => {
      await receiveNotification(event.headers ?? {}, rawBody(event));
      return null;
    }),
  ),
});

/** The member's payment status and the admin's payments. */
export const handler = router({
  myPayment: route(payRoutes, 'myPayment', ({ session, params }) => myPayment(session, params.outTradeNo)),
  adminPayments: route(payRoutes, 'adminPayments', ({ query }) => adminPayments(query)),
  adminRefunds: route(payRoutes, 'adminRefunds', ({ query }) => adminRefunds(query)),
  adminPaymentExceptions: route(payRoutes, 'adminPaymentExceptions', () => adminPaymentExceptions()),
  adminReconcilePayment: route(payRoutes, 'adminReconcilePayment', ({ params }) => reconcileNow(params.outTradeNo)),
});
