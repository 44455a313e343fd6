/**
 * The member import worker (a serverless.yml function without HTTP events, started by
 * `startBackground`). It streams the uploaded file from S3, decides each row with the pure rules of
 * shared/domain/member-import.ts and writes chunk by chunk: after each chunk the import item holds
 * the cursor and the counters (the page polls them). Before its time runs out the worker hands the
 * import to a fresh run of itself (`startBackground` with run + 1), which skips the rows already done;
 * a chunk written twice (a crash between its writes and its checkpoint) changes nothing, because every
 * row's writes are conditional on deterministic keys (phone lookup, member id, opening-points guard).
 */
import { createHash } from 'node:crypto';
import { listStores } from '../adapters/dynamo/brand-repo';
import {
  checkpointImport,
  createImportedMembers,
  failImport,
  getImport,
  importedMemberViews,
  listImportFailures,
  mergeImportedMember,
  phoneOwners,
  putImportFailures,
  type FailedRow,
  type ImportCounts,
  type ImportRecord,
  type ImportedMemberView,
  type NewImportedMember,
} from '../adapters/dynamo/import-repo';
import { putFile } from '../adapters/s3/files';
import { brandOrFail, newMemberRecord, rulesFor, today, type BrandConfig } from '../core';
import { startBackground } from '../lib/background';
import { clock } from '../lib/clock';
import { logger } from '../lib/logger';
import {
  IMPORT_FIELD_LABELS,
  credit,
  emptyPoints,
  expiryDateFor,
  importedTier,
  isBlankRow,
  planMerge,
  readRow,
  type Cell,
  type ColumnMapping,
  type ImportCatalogue,
  type ImportRow,
} from '../../shared/domain';
import { IMPORT_WORKER } from './imports';
import { openSheet, type SheetRow } from './source';

/** Rows decided and written between two checkpoints. */
const chunkRows = () => Number(process.env.IMPORT_CHUNK_ROWS || 500);
/** Time a run may use before it hands over (Lambda's timeout less a margin; see serverless.yml). */
const DEFAULT_BUDGET_MS = 12 * 60_000;

export interface WorkerEvent {
  importId: string;
  run: number;
}

interface Ctx {
  imp: ImportRecord;
  mapping: ColumnMapping;
  brand: BrandConfig;
  catalogue: ImportCatalogue;
  day: string;
  at: string;
}

/** Deterministic member id of an imported phone (one brand per table): a rerun creates nobody twice. */
export const importedMemberId = (phone: string) => `m_${createHash('sha256').update(`import|${phone}`).digest('hex').slice(0, 20)}`;

const isBlank = (cells: Cell[]) => cells.every((c) => c == null || String(c).trim() === '');

export async function handler(event: WorkerEvent, context?: { getRemainingTimeInMillis?: () => number }): Promise<void> {
  const started = Date.now();
  const budget = Number(process.env.IMPORT_WORKER_BUDGET_MS) || (context?.getRemainingTimeInMillis ? context.getRemainingTimeInMillis() - 90_000 : DEFAULT_BUDGET_MS);
  const imp = await getImport(event.importId);
  if (!imp || imp.state !== 'running' || imp.run !== event.run || !imp.mapping) return; // stale or duplicate run
  const brand = await brandOrFail();
  const stores = await listStores();
  const now = clock.now();
  const ctx: Ctx = {
    imp,
    mapping: imp.mapping,
    brand,
    catalogue: { tiers: brand.tiers.tiers.map((t) => ({ code: t.code, name: t.name })), stores: stores.map((s) => ({ storeId: s.storeId, name: s.name })) },
    day: today(now),
    at: now.toISOString(),
  };
  let counts: ImportCounts = { ...imp.counts };
  let cursor = imp.cursor;
  try {
    if (counts.total === null) {
      counts = { ...counts, total: await countRows(imp, ctx.mapping) };
      if (!(await checkpointImport(imp.importId, { run: event.run, fromCursor: cursor, cursor, counts }))) return;
    }
    const sheet = await openSheet(imp.fileKey, imp.format);
    try {
      const rows = dataRows(sheet.rows, cursor);
      let chunk: SheetRow[] = [];
      let read = 0;
      for (;;) {
        const n = await rows.next();
        if (!n.done) {
          chunk.push(n.value);
          read++;
          if (chunk.length < chunkRows()) continue;
        }
        if (chunk.length) {
          counts = await writeChunk(ctx, chunk, counts);
          const from = cursor;
          cursor += read;
          read = 0;
          chunk = [];
          const handOver = !n.done && Date.now() - started > budget;
          if (!(await checkpointImport(imp.importId, { run: event.run, fromCursor: from, cursor, counts, ...(handOver ? { nextRun: event.run + 1 } : {}) }))) return;
          if (handOver) {
            await startBackground(IMPORT_WORKER, { importId: imp.importId, run: event.run + 1 });
            return;
          }
        }
        if (n.done) break;
      }
    } finally {
      sheet.close();
    }
    const failures = await listImportFailures(imp.importId);
    const errorFileKey = failures.length ? `imports/${imp.importId}/errors.csv` : null;
    if (errorFileKey) await putFile(errorFileKey, errorCsv(failures), 'text/csv; charset=utf-8');
    await checkpointImport(imp.importId, { run: event.run, fromCursor: cursor, cursor, counts, done: { at: clock.now().toISOString(), errorFileKey } });
  } catch (e) {
    if ((e as { code?: string }).code?.startsWith('CSV_') || /xlsx|zip|sheet|signature/i.test((e as Error).message ?? '')) {
      logger.warn('import file unreadable', { importId: imp.importId, error: e as Error });
      await failImport(imp.importId, event.run, '文件无法继续读取（格式损坏），已导入的行保留', clock.now().toISOString());
      return;
    }
    throw e; // DynamoDB or S3 trouble: Lambda runs the event again, which resumes from the checkpoint.
  }
}

/** Data rows after the header (the first non-blank row), skipping the first `skip` of them. */
async function* dataRows(rows: AsyncGenerator<SheetRow>, skip: number): AsyncGenerator<SheetRow> {
  let header = false;
  let i = 0;
  for await (const r of rows) {
    if (!header) {
      if (!isBlank(r.cells)) header = true;
      continue;
    }
    if (i++ < skip) continue;
    yield r;
  }
}

async function countRows(imp: ImportRecord, mapping: ColumnMapping): Promise<number> {
  const sheet = await openSheet(imp.fileKey, imp.format);
  let n = 0;
  try {
    for await (const r of dataRows(sheet.rows, 0)) if (!isBlankRow(r.cells, mapping)) n++;
  } finally {
    sheet.close();
  }
  return n;
}

const parallel = () => Number(process.env.IMPORT_PARALLEL || 4);

/** Decides and writes one chunk; answers the counters after it. */
async function writeChunk(ctx: Ctx, chunk: SheetRow[], before: ImportCounts): Promise<ImportCounts> {
  const counts = { ...before };
  const failures: FailedRow[] = [];
  const firsts: ImportRow[] = [];
  const repeats: ImportRow[] = [];
  const seen = new Set<string>();
  for (const r of chunk) {
    if (isBlankRow(r.cells, ctx.mapping)) continue;
    counts.processed++;
    const out = readRow(r.cells, r.line, ctx.mapping, ctx.catalogue, ctx.day);
    if (!out.ok) {
      const p = out.problems[0]!;
      failures.push({ row: out.row, phone: out.phone, field: p.field === 'row' ? '' : IMPORT_FIELD_LABELS[p.field], value: p.value, reason: out.problems.map((x) => x.reason).join('；') });
      continue;
    }
    (seen.has(out.row.phone) ? repeats : firsts).push(out.row);
    seen.add(out.row.phone);
  }
  const fail = (row: ImportRow, field: string, value: string, reason: string) => failures.push({ row: row.row, phone: row.phone, field, value, reason });

  const owners = await phoneOwners(firsts.map((r) => r.phone));
  const toCreate = firsts.filter((r) => !owners.has(r.phone));
  const toMerge = firsts.filter((r) => owners.has(r.phone));

  const news = toCreate.map((r) => newMember(ctx, r));
  const created = await createImportedMembers(news, parallel());
  created.forEach((o, i) => {
    const r = toCreate[i]!;
    if (o === 'created') counts.created++;
    else if (o === 'phone_taken') toMerge.push(r); // registered meanwhile: merge into her
    else if (o === 'card_taken') fail(r, '卡号', r.cardNo ?? '', '卡号已绑定其他会员');
    else fail(r, '', '', '写入冲突，请重新导入该行');
  });

  // Existing members (and repeated phones, after their first row): read, plan, write; a moved revision reads again.
  const mergeAll = async (list: ImportRow[], parallel: number, prefetch: boolean) => {
    // One BatchGet reads the members of the chunk's merges; a row whose write is refused reads again.
    const views = prefetch ? await importedMemberViews([...new Set(list.map((r) => owners.get(r.phone)).filter((x): x is string => !!x))]) : new Map();
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(parallel, list.length) }, async () => {
        while (next < list.length) {
          const r = list[next++]!;
          const owner = owners.get(r.phone);
          const o = await mergeRow(ctx, r, owner && views.has(owner) ? { owner, view: views.get(owner)! } : null);
          if (o === 'created') counts.created++;
          else if (o === 'merged' || o === 'unchanged') {
            counts.merged++;
            if (o === 'unchanged') counts.unchanged++;
          } else fail(r, o === 'card_taken' ? '卡号' : '', o === 'card_taken' ? (r.cardNo ?? '') : '', o === 'card_taken' ? '卡号已绑定其他会员' : '写入冲突，请重新导入该行');
        }
      }),
    );
  };
  await mergeAll(toMerge, parallel() * 2, true);
  await mergeAll(repeats, 1, false);
  counts.failed += failures.length;
  if (failures.length) await putImportFailures(ctx.imp.importId, failures);
  return counts;
}

function newMember(ctx: Ctx, r: ImportRow): NewImportedMember {
  const memberId = importedMemberId(r.phone);
  // No WeChat binding or consent yet: registration through WeChat binds her and records it then.
  const tier = importedTier(ctx.brand.tiers, r.tierCode, ctx.day);
  const member = newMemberRecord({
    memberId,
    phone: r.phone,
    openid: null,
    name: r.name,
    gender: r.gender,
    birthday: r.birthday,
    tier,
    entryTierCode: tier.tierCode,
    at: ctx.at,
    source: 'import',
    registrationStoreId: r.storeId,
  });
  const opening = r.points > 0 ? { points: r.points, state: credit(emptyPoints(), r.points, expiryDateFor(rulesFor(ctx.brand, ctx.at).expiry, ctx.day), ctx.day, false).state } : null;
  return { member, row: r.row, importId: ctx.imp.importId, cardNo: r.cardNo, opening };
}

type RowResult = 'created' | 'merged' | 'unchanged' | 'card_taken' | 'conflict';

async function mergeRow(ctx: Ctx, r: ImportRow, read: { owner: string; view: ImportedMemberView } | null): Promise<RowResult> {
  let first = read;
  for (let attempt = 0; attempt < 5; attempt++) {
    const owner = first?.owner ?? (await phoneOwners([r.phone])).get(r.phone);
    if (!owner) {
      const [o] = await createImportedMembers([newMember(ctx, r)], 1);
      if (o === 'created') return 'created';
      if (o === 'card_taken') return 'card_taken';
      continue;
    }
    const v = first?.view ?? (await importedMemberViews([owner])).get(owner);
    first = null;
    if (!v) continue;
    // This very row created her (a chunk written again after a stop): counted as created, as before.
    if (v.createdBy?.importId === ctx.imp.importId && v.createdBy.row === r.row) return 'created';
    const plan = planMerge(ctx.brand.tiers, { ...v.member, registrationStoreId: v.member.registrationStoreId ?? null, cardNo: v.cardNo, openingGiven: v.openingGiven }, r, ctx.day);
    if (plan.unchanged) return 'unchanged';
    const at = clock.now().toISOString();
    const opening = plan.points > 0 ? { points: plan.points, state: credit(v.points.state, plan.points, expiryDateFor(rulesFor(ctx.brand, at).expiry, ctx.day), ctx.day, false).state } : null;
    const out = await mergeImportedMember({
      memberId: owner,
      qrev: v.member.qrev,
      points: v.points,
      fill: plan.fill as Record<string, string>,
      tier: plan.tier ? { state: plan.tier, change: { from: v.member.tier.tierCode, to: plan.tier.tierCode, reason: 'manual' } } : null,
      opening,
      importId: ctx.imp.importId,
      row: r.row,
      actor: ctx.imp.createdBy,
      at,
    });
    if (out === 'merged') return 'merged';
    if (out === 'card_taken') return 'card_taken';
  }
  return 'conflict';
}

const csvCell = (s: string | number) => {
  const t = String(s);
  // A leading =, +, - or @ would be a formula in Excel: quoted with a leading apostrophe.
  const safe = /^[=+\-@]/.test(t) ? `'${t}` : t;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** The error file: UTF-8 with a BOM (Excel opens it as UTF-8), one line per failed row. */
export function errorCsv(rows: FailedRow[]): string {
  const lines = [['行号', '手机号', '字段', '值', '原因'].join(',')];
  for (const r of [...rows].sort((a, b) => a.row - b.row)) lines.push([r.row, r.phone, r.field, r.value, r.reason].map(csvCell).join(','));
  return `\ufeff${lines.join('\r\n')}\r\n`;
}
