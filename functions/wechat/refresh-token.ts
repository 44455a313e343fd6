import type { ScheduledHandler } from 'aws-lambda';
import { wechat } from '../adapters/wechat/client';
import { logger } from '../lib/logger';

/**
 * Scheduled hourly: keeps the shared stable access_token fresh in the table so request handlers
 * never fetch their own (WeChat's stable_token does not rotate in normal mode).
 */
export const handler: ScheduledHandler = async () => {
  const t = await wechat.refreshAccessToken(false);
  logger.info('access_token refreshed', { expiresAt: new Date(t.expiresAt).toISOString() });
};
