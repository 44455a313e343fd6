/**
 * Reads of the member-facts export (issue 18, analytics): the profile index (GSI2 MEMBERS#<shard>, the read
 * segments make) page by page, one segment per shard, for the checkpointed full export (runSegmentScan).
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db } from './client';
import { toProfileFacts, type ProfileFacts } from './facts-repo';
import { indexKeys, keys, MEMBER_SHARDS } from './keys';
import { batchGetAll } from './read';
import { PROFILE_ATTRS as SEGMENT_PROFILE_ATTRS } from './facts-repo';
import type { SegmentSource } from './jobs-repo';

/** The segment's profile attributes, without the phone and the name: the Parquet files hold no personal contact data. */
const PROFILE_ATTRS = SEGMENT_PROFILE_ATTRS.filter((a) => a !== 'phone' && a !== '#name');

/** One page of a shard: its profiles and a name that is the same whenever the page is read from the same start. */
export interface ProfilePage {
  name: string;
  profiles: ProfileFacts[];
}

/**
 * Every profile in the member index: segment n is shard n, read in pages of `limit`, each page handed over
 * as one item named after its shard and start key (a page read again after a crash keeps its name).
 */
export function profileShards(): SegmentSource<ProfilePage> {
  return {
    segments: MEMBER_SHARDS,
    async page(shard, start, limit) {
      const { client, table } = db();
      const res = await client.send(
        new QueryCommand({
          TableName: table,
          IndexName: 'GSI2',
          KeyConditionExpression: 'GSI2PK = :pk',
          ExpressionAttributeValues: { ':pk': indexKeys.membersPk(shard) },
          ProjectionExpression: PROFILE_ATTRS.join(', '),
          ExclusiveStartKey: start,
          Limit: limit,
        }),
      );
      const profiles = (res.Items ?? []).map(toProfileFacts);
      const after = typeof start?.GSI2SK === 'string' ? start.GSI2SK : '';
      return { items: profiles.length ? [{ name: `${String(shard).padStart(2, '0')}-${after}`, profiles }] : [], lastKey: res.LastEvaluatedKey };
    },
  };
}

/** Whether a profile image is in the member index (deleted and merged members leave it: GSI2 keys removed). */
export const inMemberIndex = (image: Record<string, unknown> | null) => typeof image?.GSI2PK === 'string' && image.GSI2PK.startsWith('MEMBERS#');

/** The member id of a MEMBER#<id> partition key. */
export const memberIdOfPk = (pk: string) => (pk.startsWith('MEMBER#') ? pk.slice('MEMBER#'.length) : null);

/**
 * Profiles by member id (BatchGet, 100 keys a request), as the live path sees them (phone and name too):
 * the sample and the export of a segment found on the analytical path. Members gone since are left out.
 */
export async function profilesByIds(memberIds: readonly string[]): Promise<{ profiles: ProfileFacts[]; itemsRead: number }> {
  const items = await batchGetAll(
    [...new Set(memberIds)].map((id) => keys.profile(id)),
    { projection: [...PROFILE_ATTRS, 'phone', '#name', 'GSI2PK'].join(', '), names: { '#name': 'name' }, parallel: 8 },
  );
  const byId = new Map(items.filter((i) => inMemberIndex(i)).map((i) => [i.memberId as string, toProfileFacts(i)]));
  return { profiles: memberIds.map((id) => byId.get(id)).filter((p): p is ProfileFacts => !!p), itemsRead: items.length };
}
