/**
 * The table's one stream consumer (serverless.yml `insightStream`; AWS advises at most two readers per
 * shard): each batch goes to every capability that keeps something from the changes, in turn. A consumer
 * that throws fails the batch; Lambda retries it (bisecting), so every consumer is idempotent per eventId.
 * Locally the stack's poller (infra/local/streams.ts) and the tests' drainStream() call the same handler.
 */
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { changesOf, type StreamConsumer } from '../adapters/dynamo/stream';
import { noteChangedFacts } from '../analytics/collaboration';
import { noteRepurchases } from '../planning/collaboration';
import { noteReferrals } from '../referrals/collaboration';
import { countClerkStats } from '../clerks/collaboration';
import { countFigures } from './figures';

const CONSUMERS: readonly [string, StreamConsumer][] = [
  ['figures', countFigures],
  ['repurchase', noteRepurchases],
  ['analytics', noteChangedFacts],
  ['referrals', noteReferrals],
  ['clerks', countClerkStats],
];

export async function handler(event: DynamoDBStreamEvent): Promise<void> {
  const changes = changesOf(event);
  if (changes.length === 0) return;
  for (const [, consume] of CONSUMERS) await consume(changes);
}
