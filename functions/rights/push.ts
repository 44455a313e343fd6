/**
 * WeChat's message push (消息推送, plaintext mode), configured in the mini-program's admin console with
 * our URL (`/wechat/push`), a Token, and JSON or XML as the data format:
 * - the URL check: `GET ?signature&timestamp&nonce&echostr`, answered with echostr when
 *   signature = sha1 of the three strings token, timestamp, nonce sorted and joined;
 * - each push: `POST ?signature&timestamp&nonce` (same signature) with the event as JSON or XML,
 *   answered `success` (or an empty body) within 5 s; WeChat retries otherwise, so handling is idempotent.
 * A bad signature is a 401 and nothing is read. Only `authorized_user_information_changes` is handled
 * (shared/domain/rights.ts `decidePush` says what each event means).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { WeChatPushQuery } from '../../shared/contract';
import { decidePush, readPushBody } from '../../shared/domain/rights';
import { findIdentity } from '../adapters/dynamo/identity-repo';
import { config } from '../lib/config';
import { fail } from '../lib/errors';
import { logger } from '../lib/logger';
import { startDeletion } from './deletion';

/** WeChat's message-push signature (plaintext mode): sha1(sort([token, timestamp, nonce]).join('')), hex. */
export function pushSignature(token: string, timestamp: string, nonce: string): string {
  return createHash('sha1').update([token, timestamp, nonce].sort().join('')).digest('hex');
}

function checkSignature(q: WeChatPushQuery): void {
  const { signature, timestamp, nonce } = q;
  if (!signature || !timestamp || !nonce) throw fail('push_signature_invalid', 'signature, timestamp and nonce are required');
  const expected = Buffer.from(pushSignature(config().wechat.pushToken, timestamp, nonce), 'utf8');
  const given = Buffer.from(signature.toLowerCase(), 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw fail('push_signature_invalid');
}

/** The URL check when the push is configured: echostr back, only with a good signature. */
export async function verifyPushUrl(q: WeChatPushQuery): Promise<string> {
  checkSignature(q);
  return q.echostr ?? '';
}

/** One push: signature first, then the body (JSON or XML) read and acted on. Always `success` once verified. */
export async function receivePush(q: WeChatPushQuery, rawBody: string): Promise<string> {
  checkSignature(q);
  const push = readPushBody(rawBody);
  if (!push) {
    logger.warn('wechat push: unreadable body');
    return 'success';
  }
  const action = decidePush(push, config().wechat.appid);
  if (action.action === 'ignore') {
    logger.info('wechat push ignored', { event: push.Event, why: action.why });
    return 'success';
  }
  const { memberId } = await findIdentity(action.openid);
  if (!memberId) {
    logger.info('wechat push: no member for this WeChat account', { event: push.Event });
    return 'success';
  }
  await startDeletion(memberId, action.source, `wechat:${push.Event}`);
  return 'success';
}
