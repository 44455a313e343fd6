/**
 * The incremental member-facts export (issue 18, item 7): the stream consumer (functions/insight/stream.ts
 * hands it every batch) writes the batch's changed member facts, the new images of PROFILE and POINTS items,
 * as one small Parquet delta per table. A removed profile, or one that left the member index (deleted,
 * merged), becomes a tombstone row. Idempotent: the object key is derived from the batch's event ids, so a
 * replayed batch rewrites the same object; rows carry the writer's clock as version (and their place in the
 * batch as seq), and a query keeps each member's newest row. Nothing is written before the first full
 * export has started (there is nothing to bring up to date yet).
 */
import { createHash } from 'node:crypto';
import type { StreamChange } from '../adapters/dynamo/stream';
import { toProfileFacts } from '../adapters/dynamo/facts-repo';
import { inMemberIndex, memberIdOfPk } from '../adapters/dynamo/analytics-repo';
import { putObject } from '../adapters/s3/objects';
import { today } from '../core';
import { deletedFactRow, memberFactRow, type MemberFactRow, type PointsFactRow } from '../../shared/domain/segment-sql';
import { memberFactsParquet, pointsFactsParquet } from './parquet';
import { exportsStarted, layout } from './store';

const PARQUET = 'application/vnd.apache.parquet';

/** The fact rows a batch of changes makes (pure apart from the day): members and points accounts. */
export function factRowsOf(changes: readonly StreamChange[], version: number, day: string): { members: MemberFactRow[]; points: PointsFactRow[] } {
  const members: MemberFactRow[] = [];
  const points: PointsFactRow[] = [];
  changes.forEach((c, seq) => {
    const id = memberIdOfPk(c.pk);
    if (!id) return;
    if (c.sk === 'PROFILE') {
      const image = c.kind === 'REMOVE' ? null : c.newImage;
      members.push(image && inMemberIndex(image) ? memberFactRow(toProfileFacts(image), day, version, seq) : deletedFactRow(id, version, seq));
    } else if (c.sk === 'POINTS') {
      const image = c.kind === 'REMOVE' ? null : c.newImage;
      points.push({ account_id: id, version, seq, deleted: !image, balance: Number(image?.balance ?? 0) || 0 });
    }
  });
  return { members, points };
}

/** The delta's object name: the same for the same batch (a replay), different for any other. */
export const deltaName = (changes: readonly StreamChange[]) =>
  `${createHash('sha256').update(changes.map((c) => c.eventId).join('\n')).digest('hex').slice(0, 32)}.parquet`;

let lastVersion = 0;
/** The writer's clock in ms, strictly increasing within the process (two batches in one ms stay ordered). */
const nextVersion = () => (lastVersion = Math.max(Date.now(), lastVersion + 1));

export async function noteChangedFacts(changes: readonly StreamChange[]): Promise<void> {
  if (!changes.some((c) => (c.sk === 'PROFILE' || c.sk === 'POINTS') && c.pk.startsWith('MEMBER#'))) return;
  if (!(await exportsStarted())) return;
  const { members, points } = factRowsOf(changes, nextVersion(), today());
  const name = deltaName(changes);
  await Promise.all([
    members.length ? putObject(`${layout.membersDelta()}${name}`, memberFactsParquet(members), PARQUET) : null,
    points.length ? putObject(`${layout.pointsDelta()}${name}`, pointsFactsParquet(points), PARQUET) : null,
  ]);
}
