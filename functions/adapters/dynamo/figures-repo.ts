/**
 * Daily figures (issue 18): one item per scope (brand, store) and local day, a TOTAL item per scope with
 * the running nets, a guard per stream record (applied once) and a marker per member, scope, day and
 * distinct figure. Written only by the stream consumer (functions/insight/figures.ts); read by the dashboard
 * with one query per scope.
 *
 *   FIG#<scope>             DAY#<YYYY-MM-DD>    counters of the day (contract names; src_/ci_/cr_/cn_ flattened maps; nets)
 *   FIG#<scope>             TOTAL               running nets of every day (pointsNet, storedValueNetFen, membersNet)
 *   FIGEVT#<eventId>        FIGEVT              this stream record was counted (TTL)
 *   FIGSEEN#<scope>#<day>   <figure>#<memberId> this member was counted in that distinct figure (TTL)
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { NET_FIGURES, netsOf, sumAdds, type DayAdd, type DayItem, type DistinctMark } from '../../../shared/domain/figures';
import { db } from './client';
import { pause } from './errors';
import { keys } from './keys';
import { batchGetAll } from './read';
import { Tx } from './tx';

/** One stream record's effects (already mapped by the pure rules). */
export interface CountedChange {
  eventId: string;
  adds: DayAdd[];
  marks: DistinctMark[];
}

/** Guards and markers live a few days: the stream keeps records 24 h, so a replay comes well within that. */
const GUARD_TTL_S = 4 * 24 * 3600;
const MAX_TX_ITEMS = 100;
const DAY_PREFIX = 'DAY#';

type Key = { PK: string; SK: string };
const keyStr = (k: Key) => `${k.PK}\u0000${k.SK}`;
const markKey = (m: DistinctMark) => keys.figureSeen(m.scope, m.day, m.figure, m.memberId);

async function existing(keysToRead: Key[]): Promise<Set<string>> {
  return new Set((await batchGetAll(keysToRead, { projection: 'PK, SK', consistent: true })).map((it) => keyStr(it as Key)));
}

function updateDay(tx: Tx, label: string, key: Key, add: Record<string, number>, set: Record<string, string> | undefined, extraSet: Record<string, string | number>) {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const adds: string[] = [];
  const sets: string[] = [];
  let n = 0;
  for (const [f, v] of Object.entries(add)) {
    names[`#a${n}`] = f;
    values[`:a${n}`] = v;
    adds.push(`#a${n} :a${n}`);
    n++;
  }
  for (const [f, v] of Object.entries({ ...(set ?? {}), ...extraSet })) {
    names[`#s${n}`] = f;
    values[`:s${n}`] = v;
    sets.push(`#s${n} = :s${n}`);
    n++;
  }
  const expr = `${sets.length ? `SET ${sets.join(', ')} ` : ''}${adds.length ? `ADD ${adds.join(', ')}` : ''}`.trim();
  if (!expr) return;
  tx.update(label, key, { set: expr, names, values });
}

/** The items one group of changes writes: guards, new markers, the summed day items and the TOTAL nets. */
function buildTx(group: CountedChange[], newMarks: DistinctMark[], ttl: number): Tx {
  const tx = new Tx();
  group.forEach((c, i) => tx.create(`guard${i}`, { ...keys.figureGuard(c.eventId), ttl }));
  newMarks.forEach((m, i) => tx.create(`mark${i}`, { ...markKey(m), ttl }));
  const adds = sumAdds([...group.flatMap((c) => c.adds), ...newMarks.map((m) => ({ scope: m.scope, day: m.day, add: { [m.figure]: 1 } }))]);
  adds.forEach((a, i) => updateDay(tx, `day${i}`, keys.figureDay(a.scope, a.day), a.add, a.set, { day: a.day, scope: a.scope }));
  let t = 0;
  for (const [scope, nets] of netsOf(adds)) updateDay(tx, `total${t++}`, keys.figureTotal(scope), nets, undefined, { scope });
  return tx;
}

/**
 * Counts the changes once each: already-counted records (their guard exists) are skipped, members already
 * counted in a distinct figure are not counted again, and each group of changes is one transaction (guards
 * + markers + ADDs). A group that meets a guard or marker written meanwhile is re-read and sent again.
 * Returns the number of transactions sent.
 */
export async function countChanges(changes: readonly CountedChange[], nowEpochS: number): Promise<number> {
  let pendingChanges = changes.filter((c) => c.adds.length > 0 || c.marks.length > 0);
  let sent = 0;
  for (let attempt = 0; pendingChanges.length > 0; attempt++) {
    if (attempt >= 8) throw new Error('figures: changes keep meeting concurrent counts');
    if (attempt > 0) await pause(attempt);
    const ttl = nowEpochS + GUARD_TTL_S;
    const done = await existing(pendingChanges.map((c) => keys.figureGuard(c.eventId)));
    const todo = pendingChanges.filter((c) => !done.has(keyStr(keys.figureGuard(c.eventId))));
    const allMarks = new Map<string, DistinctMark>();
    for (const c of todo) for (const m of c.marks) allMarks.set(keyStr(markKey(m)), m);
    const seen = await existing([...allMarks.keys()].map((k) => allMarks.get(k)!).map(markKey));
    const claimed = new Set(seen);

    const retry: CountedChange[] = [];
    let group: CountedChange[] = [];
    let groupMarks: DistinctMark[] = [];
    // The items a group writes: its guards, its markers, and each day item and TOTAL it touches once.
    let touched = new Set<string>();
    const flush = async () => {
      if (group.length === 0) return;
      const tx = buildTx(group, groupMarks, ttl);
      sent++;
      const out = await tx.send();
      if (!out.ok) {
        // Someone counted a record or a member meanwhile (or a conflict): read again and resend.
        retry.push(...group);
        for (const m of groupMarks) claimed.delete(keyStr(markKey(m)));
      }
      group = [];
      groupMarks = [];
      touched = new Set();
    };
    const size = () => group.length + groupMarks.length + touched.size;
    const touches = (c: CountedChange, fresh: DistinctMark[]) => {
      const t = new Set<string>();
      for (const a of c.adds) {
        t.add(`D${a.scope}|${a.day}`);
        if (NET_FIGURES.some((f) => a.add[f])) t.add(`T${a.scope}`);
      }
      for (const m of fresh) t.add(`D${m.scope}|${m.day}`);
      return t;
    };
    for (const c of todo) {
      let fresh = c.marks.filter((m) => !claimed.has(keyStr(markKey(m))));
      let t = touches(c, fresh);
      const added = () => 1 + fresh.length + [...t].filter((k) => !touched.has(k)).length;
      if (size() + added() > MAX_TX_ITEMS) {
        await flush();
        fresh = c.marks.filter((m) => !claimed.has(keyStr(markKey(m))));
        t = touches(c, fresh);
      }
      for (const m of fresh) claimed.add(keyStr(markKey(m)));
      for (const k of t) touched.add(k);
      group.push({ ...c, marks: fresh });
      groupMarks.push(...fresh);
    }
    await flush();
    // Restore each retried change's own marks (they were dropped as "fresh" filtered).
    const byId = new Map(changes.map((c) => [c.eventId, c]));
    pendingChanges = retry.map((c) => byId.get(c.eventId)!);
  }
  return sent;
}

/**
 * Every day item of a scope from `fromDay` on (to the newest) and its TOTAL item, in one query: the
 * dashboard's only read of figures. Returns the items and how many were read.
 */
export async function figuresFrom(scope: string, fromDay: string): Promise<{ days: DayItem[]; total: Record<string, unknown> | undefined; itemsRead: number }> {
  const { client, table } = db();
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  const k = keys.figureDay(scope, fromDay);
  do {
    const res = await client.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'PK = :pk AND SK >= :from',
        ExpressionAttributeValues: { ':pk': k.PK, ':from': k.SK },
        ExclusiveStartKey: start,
      }),
    );
    items.push(...(res.Items ?? []));
    start = res.LastEvaluatedKey;
  } while (start);
  const total = items.find((i) => i.SK === keys.figureTotal(scope).SK);
  const days = items.filter((i) => String(i.SK).startsWith(DAY_PREFIX)).map((i) => ({ ...i, day: String(i.SK).slice(DAY_PREFIX.length) }) as DayItem);
  return { days, total, itemsRead: items.length };
}

/** The day items of a scope between two days (inclusive): the daily report of a period. */
export async function figuresBetween(scope: string, fromDay: string, toDay: string): Promise<DayItem[]> {
  const { client, table } = db();
  const out: DayItem[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const res = await client.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'PK = :pk AND SK BETWEEN :a AND :b',
        ExpressionAttributeValues: { ':pk': keys.figureDay(scope, fromDay).PK, ':a': keys.figureDay(scope, fromDay).SK, ':b': keys.figureDay(scope, toDay).SK },
        ExclusiveStartKey: start,
      }),
    );
    for (const i of res.Items ?? []) out.push({ ...i, day: String(i.SK).slice(DAY_PREFIX.length) } as DayItem);
    start = res.LastEvaluatedKey;
  } while (start);
  return out;
}
