/**
 * Card batches (admin): N card numbers (brand prefix + serial + Luhn digit) with a random 6-digit PIN
 * each, of which only a keyed hash is stored; the print file (numbers + PINs) is written once, when the
 * batch is created, and handed out by export as a short-lived link. Batches list their bound and lost counts.
 */
import { randomBytes } from 'node:crypto';
import type { CardBatch, CardBatchCreated, CardBatchExport, CardBatchInput } from '../../shared/contract';
import { makeCardNo } from '../../shared/domain/cards';
import { tierByCode } from '../../shared/domain';
import {
  allocateCardSerials,
  getCardBatch,
  insertCardBatch,
  listCardBatches,
  markCardBatchReady,
  putCards,
  recordCardExport,
  type CardBatchRecord,
  type CardRecord,
} from '../adapters/dynamo/card-repo';
import { clock } from '../lib/clock';
import { fail } from '../lib/errors';
import type { Session } from '../lib/session';
import { brandOrFail } from '../core';
import { cardPrefix, newPin, pinHash } from './pins';
import { printCsv, printFileName, type PrintRow } from './print-file';
import { printFileLink, storePrintFile } from './files';
import { fileSize } from '../adapters/s3/files';

export const batchView = (b: CardBatchRecord): CardBatch => ({
  id: b.batchId,
  name: b.name,
  count: b.count,
  firstCardNo: b.firstCardNo,
  lastCardNo: b.lastCardNo,
  openingPoints: b.openingPoints,
  tierCode: b.tierCode,
  state: b.state,
  bound: b.bound,
  lost: b.lost,
  exports: b.exports,
  createdAt: b.createdAt,
  createdBy: b.createdBy,
});

export async function createCardBatch(session: Session, raw: CardBatchInput): Promise<CardBatchCreated> {
  const input = { openingPoints: 0, tierCode: null, ...raw };
  const brand = await brandOrFail();
  const tier = input.tierCode ? tierByCode(brand.tiers, input.tierCode) : null;
  if (input.tierCode && !tier) throw fail('unknown_tier', `no tier ${input.tierCode}`, [{ path: 'tierCode', message: 'not a tier of the program' }]);
  const prefix = cardPrefix();
  const at = clock.now().toISOString();
  const first = await allocateCardSerials(input.count);
  const batchId = `cb_${Date.now().toString(36)}${randomBytes(4).toString('hex')}`;
  const rows: PrintRow[] = [];
  const cards: CardRecord[] = [];
  for (let i = 0; i < input.count; i++) {
    const cardNo = makeCardNo(prefix, first + i);
    const pin = newPin();
    rows.push({ cardNo, pin });
    cards.push({
      cardNo,
      state: 'unbound',
      batchId,
      pinHash: pinHash(cardNo, pin),
      openingPoints: input.openingPoints,
      tierCode: input.tierCode,
      memberId: null,
      boundAt: null,
      boundBy: null,
      carried: null,
      source: 'batch',
      pinFailures: 0,
      lockedUntil: null,
      lostAt: null,
    });
  }
  const batch: CardBatchRecord = {
    batchId,
    name: input.name,
    count: input.count,
    firstSerial: first,
    firstCardNo: rows[0]!.cardNo,
    lastCardNo: rows[rows.length - 1]!.cardNo,
    openingPoints: input.openingPoints,
    tierCode: input.tierCode,
    state: 'creating',
    bound: 0,
    lost: 0,
    exports: 0,
    fileKey: null,
    createdAt: at,
    createdBy: session.openid,
  };
  const audit = { at, actor: session.openid, action: 'card.batch.create', target: `cardbatch:${batchId}`, before: null, after: { name: input.name, count: input.count, firstCardNo: batch.firstCardNo, lastCardNo: batch.lastCardNo, openingPoints: input.openingPoints, tierCode: input.tierCode } };
  const out = await insertCardBatch(batch, audit);
  if (!out.ok) throw fail('busy', 'could not create the batch; try again');
  await putCards(cards);
  const csv = printCsv(rows, { openingPoints: input.openingPoints, tierName: tier?.name ?? null });
  const fileKey = await storePrintFile(batchId, printFileName(batchId), csv);
  await markCardBatchReady(batchId, fileKey);
  const ready = { ...batch, state: 'ready' as const, fileKey };
  // The PINs travel only through the file (a presigned link), never in an API answer.
  const link = await printFileLink(fileKey, printFileName(batchId));
  return { batch: batchView(ready), export: { batchId, fileName: printFileName(batchId), url: link.url, expiresAt: link.expiresAt } };
}

export async function listBatches(): Promise<{ batches: CardBatch[] }> {
  return { batches: (await listCardBatches()).map(batchView) };
}

/** A fresh link to the batch's print file; each export is audited. */
export async function exportCardBatch(session: Session, batchId: string): Promise<CardBatchExport> {
  const b = await getCardBatch(batchId);
  if (!b) throw fail('card_batch_not_found', 'no such card batch');
  if (b.state !== 'ready' || !b.fileKey || (await fileSize(b.fileKey)) === null) {
    throw fail('card_batch_not_ready', 'this batch has no print file (still being created, or past the files bucket\'s 7-day retention)');
  }
  const at = clock.now().toISOString();
  const link = await printFileLink(b.fileKey, printFileName(batchId));
  await recordCardExport(batchId, { at, actor: session.openid, action: 'card.batch.export', target: `cardbatch:${batchId}`, before: null, after: { expiresAt: link.expiresAt } });
  return { batchId, fileName: printFileName(batchId), url: link.url, expiresAt: link.expiresAt };
}
