/**
 * The table's stream (NEW_AND_OLD_IMAGES, infra/table.yml) as plain changes: Lambda hands the stream
 * consumer (functions/insight/stream.ts) DynamoDB-JSON images; consumers read them unmarshalled.
 * Delivery is at least once and in order per item: every consumer must be idempotent per `eventId`.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';

export interface StreamChange {
  /** The stream record's id (unique per change; the idempotency key of what a consumer does with it). */
  eventId: string;
  /** The record's sequence number (orders changes of one item). */
  sequence: string;
  kind: 'INSERT' | 'MODIFY' | 'REMOVE';
  pk: string;
  sk: string;
  oldImage: Record<string, unknown> | null;
  newImage: Record<string, unknown> | null;
}

export type StreamConsumer = (changes: readonly StreamChange[]) => Promise<void>;

const image = (i: Record<string, unknown> | undefined) => (i ? unmarshall(i as Record<string, AttributeValue>) : null);

export function changeOf(r: DynamoDBRecord): StreamChange | null {
  const keys = image(r.dynamodb?.Keys as Record<string, unknown> | undefined);
  if (!keys || !r.eventName || !r.eventID) return null;
  return {
    eventId: r.eventID,
    sequence: r.dynamodb?.SequenceNumber ?? '',
    kind: r.eventName,
    pk: String(keys.PK),
    sk: String(keys.SK),
    oldImage: image(r.dynamodb?.OldImage as Record<string, unknown> | undefined),
    newImage: image(r.dynamodb?.NewImage as Record<string, unknown> | undefined),
  };
}

export function changesOf(event: DynamoDBStreamEvent): StreamChange[] {
  return event.Records.map(changeOf).filter((c): c is StreamChange => c !== null);
}
