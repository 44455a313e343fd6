import { createHmac } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db } from '../../functions/adapters/dynamo/client';
import { sumLedger } from '../../functions/adapters/dynamo/account-repo';
import { handler as couponsHandler } from '../../functions/coupons/http';
import { setClock } from '../../functions/lib/clock';
import { config } from '../../functions/lib/config';
import { handler as productsHandler } from '../../functions/products/http';
import { CODE_ALPHABET, makeProductCode, parseProductCode, productCodeUrl } from '../../shared/domain/product-codes';
import { actors } from './actors';
import { call, setupWorld } from './support';
import { countItems } from '../table';

let world: Awaited<ReturnType<typeof setupWorld>>;
const a = actors(() => world.standIn);
let admin: string;
beforeAll(async () => {
  world = await setupWorld();
  admin = (await a.login('demo-admin')).token;
});
afterAll(() => world.close());
afterEach(() => setClock(null));

const products = (token: string | undefined, method: string, path: string, body?: unknown, query?: Record<string, string>) =>
  call(productsHandler, { method, path, ...(token ? { token } : {}), body, ...(query ? { query } : {}) });
const scan = (token: string, code: string) => products(token, 'POST', '/members/me/scans', { code });

const DAY = 86_400_000;
const batchBody = (over: Record<string, unknown> = {}) => ({
  sku: 'SKU-CREAM-50',
  name: '修护面霜 50ml',
  count: 200,
  points: null,
  validFrom: new Date(Date.now() - DAY).toISOString(),
  validUntil: new Date(Date.now() + 365 * DAY).toISOString(),
  ...over,
});

async function newBatch(over: Record<string, unknown> = {}) {
  const r = await products(admin, 'POST', '/admin/product-batches', batchBody(over));
  if (r.status !== 201) throw new Error(`batch: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as { id: string; state: string; scanned: number; unscanned: number };
}

/** Every code of a batch, read through the export route, page by page. */
async function exportCodes(batchId: string, limit = 5_000): Promise<{ serial: number; code: string; url: string; path: string }[]> {
  const rows: { serial: number; code: string; url: string; path: string }[] = [];
  let offset: number | null = 0;
  let first = true;
  while (offset !== null) {
    const r = await products(admin, 'GET', `/admin/product-batches/${batchId}/codes`, undefined, { offset: String(offset), limit: String(limit) });
    expect(r.status).toBe(200);
    const lines = (r.body.csv as string).split('\n').filter(Boolean);
    if (first) expect(lines.shift()).toBe('serial,code,url,path');
    first = false;
    for (const l of lines) {
      const [serial, code, url, path] = l.split(',');
      rows.push({ serial: Number(serial), code: code!, url: url!, path: path! });
    }
    offset = r.body.next;
  }
  return rows;
}

async function itemsUnder(pk: string, skPrefix?: string) {
  const { client, table } = db();
  const res = await client.send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: skPrefix ? 'PK = :pk AND begins_with(SK, :p)' : 'PK = :pk',
      ExpressionAttributeValues: { ':pk': pk, ...(skPrefix ? { ':p': skPrefix } : {}) },
      ConsistentRead: true,
    }),
  );
  return res.Items ?? [];
}

const balanceOf = async (token: string) => (await a.myPoints(token)).body.summary.balance as number;

describe('product-code batches (admin)', () => {
  test('a batch is validated, admin-only, and writes no item per code; the export pages through every code and URL', async () => {
    const bad = await products(admin, 'POST', '/admin/product-batches', batchBody({ validUntil: new Date(Date.now() - 2 * DAY).toISOString() }));
    expect([bad.status, bad.body.error.fields[0].path]).toEqual([400, 'validUntil']);
    const noTpl = await products(admin, 'POST', '/admin/product-batches', batchBody({ couponTemplateId: 't_000000000000' }));
    expect([noTpl.status, noTpl.body.error.fields[0].path]).toEqual([422, 'couponTemplateId']);
    const staff = (await a.login('demo-staff')).token;
    expect((await products(staff, 'POST', '/admin/product-batches', batchBody())).status).toBe(403);
    expect((await products(undefined, 'GET', '/admin/product-batches')).status).toBe(401);

    const before = await countItems();
    const batch = await newBatch({ count: 12_345 });
    const written = (await countItems()) - before;
    // The batch, its scan shards, the audit entry and its actor copy (and the batch-number counter the first time): never one per code.
    expect(written).toBeLessThanOrEqual(1 + 13 + 2 + 1);
    expect(batch).toMatchObject({ state: 'active', scanned: 0, unscanned: 12_345 });

    const rows = await exportCodes(batch.id, 5_000);
    expect(rows).toHaveLength(12_345);
    expect(new Set(rows.map((r) => r.code)).size).toBe(12_345);
    expect(rows.map((r) => r.serial)).toEqual(Array.from({ length: 12_345 }, (_, i) => i));
    for (const r of rows.slice(0, 50)) {
      expect(r.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{18}$/);
      expect(r.url).toBe(productCodeUrl(config().productCodeUrlBase, r.code));
      expect(r.path).toBe(`pages/scan/index?c=${r.code}`);
      expect(parseProductCode(r.code)).toMatchObject({ batchNo: Number(batch.id), serial: r.serial });
    }

    const sample = await products(admin, 'GET', `/admin/product-batches/${batch.id}/sample`, undefined, { count: '6' });
    expect(sample.body.codes.map((c: { code: string }) => c.code)).toEqual(rows.slice(0, 6).map((r) => r.code));
    const list = await products(admin, 'GET', '/admin/product-batches');
    expect(list.body.batches[0]).toMatchObject({ id: batch.id, scanned: 0, unscanned: 12_345 });
  }, 60_000);
});

describe('scanning', () => {
  test('one code scanned by 20 members at once: exactly one reward; the others are told the date, not who', async () => {
    const batch = await newBatch({ warrantyMonths: 24 });
    const [first] = await exportCodes(batch.id);
    const members = await Promise.all(Array.from({ length: 20 }, (_, i) => a.newMember(`o-scan-race-${i}`)));
    const results = await Promise.all(members.map((m) => scan(m.token, first!.code)));
    const won = results.filter((r) => r.status === 200);
    const lost = results.filter((r) => r.status === 409);
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(19);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const winner = members[results.findIndex((r) => r.status === 200)]!;
    for (const r of lost) {
      expect(r.body.error.code).toBe('code_used');
      expect(r.body.error.message).toContain(`already used on ${today}`);
      expect(JSON.stringify(r.body)).not.toContain(winner.id);
      expect(JSON.stringify(r.body)).not.toMatch(/memberId|phone|openid/);
    }
    expect(won[0]!.body).toMatchObject({ points: 10, balance: 10, replayed: false, product: { sku: 'SKU-CREAM-50' }, warranty: { months: 24 } });

    // The ledger and balances: 10 points for the winner only, one used mark, one product, one scan counted.
    for (const m of members) {
      const balance = await balanceOf(m.token);
      expect(balance).toBe(m === winner ? 10 : 0);
      expect((await sumLedger(m.id)).sum).toBe(balance);
      expect(await itemsUnder(`MEMBER#${m.id}`, 'PRODUCT#')).toHaveLength(m === winner ? 1 : 0);
    }
    const { batchNo, serial } = parseProductCode(first!.code)!;
    const used = await itemsUnder(`PCODE#${batchNo}#${serial}`);
    expect(used).toHaveLength(1);
    expect(used[0]!.memberId).toBe(winner.id);
    const list = await products(admin, 'GET', '/admin/product-batches');
    expect(list.body.batches.find((b: { id: string }) => b.id === batch.id)).toMatchObject({ scanned: 1, unscanned: 199 });

    // The winner sending it again (a retry) gets her first answer back, and nothing twice.
    const again = await scan(winner.token, first!.url);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ replayed: true, points: 10, balance: 10 });
    expect(await balanceOf(winner.token)).toBe(10);
  }, 120_000);

  test('altered and forged codes are refused (422 naming code) with no item written', async () => {
    const batch = await newBatch();
    const [row] = await exportCodes(batch.id);
    const m = await a.newMember('o-scan-forger');
    const code = row!.code;
    const altered = [
      code.slice(0, 17) + CODE_ALPHABET[(CODE_ALPHABET.indexOf(code[17]!) + 1) % 32],
      CODE_ALPHABET[(CODE_ALPHABET.indexOf(code[0]!) + 3) % 32] + code.slice(1),
      code.slice(0, 7) + CODE_ALPHABET[(CODE_ALPHABET.indexOf(code[7]!) + 1) % 32] + code.slice(8), // another serial, same tag
    ];
    const forged = [
      makeProductCode((msg) => createHmac('sha256', 'a guessed secret').update(msg).digest(), Number(batch.id), 7),
      '7ZZZZZZZZZZZZZZZZZ',
      'not a code at all',
    ];
    const before = await countItems();
    for (const bad of [...altered, forged[0]!]) {
      const r = await scan(m.token, bad);
      expect([r.status, r.body.error.code, r.body.error.fields[0].path]).toEqual([422, 'code_invalid', 'code']);
    }
    expect(await countItems()).toBe(before);
    // Failing again and again (the 5th failure of the day) makes her an abuse signal: that one item, nothing for the codes.
    const r5 = await scan(m.token, forged[1]!);
    expect([r5.status, r5.body.error.code, r5.body.error.fields[0].path]).toEqual([422, 'code_invalid', 'code']);
    const junk = await scan(m.token, forged[2]!);
    expect([junk.status, junk.body.error.fields[0].path]).toEqual([422, 'code']);
    expect(await countItems()).toBe(before + 1);
    expect((await itemsUnder(`MEMBER#${m.id}`, 'SCANRISK#')).map((i) => i.failedCodes)).toEqual([6]);
    for (const bad of [...altered, ...forged.slice(0, 2)]) {
      const p = parseProductCode(bad)!;
      expect(await itemsUnder(`PCODE#${p.batchNo}#${p.serial}`)).toEqual([]);
    }
    expect(await balanceOf(m.token)).toBe(0);
    // The genuine code was not burnt by the attempts.
    const ok = await scan(m.token, code);
    expect([ok.status, ok.body.points]).toEqual([200, 10]);
  }, 60_000);

  test('the daily limit holds under concurrent scans by one member; refused codes stay valid for the next day', async () => {
    const batch = await newBatch();
    const rows = (await exportCodes(batch.id)).slice(0, 12);
    const m = await a.newMember('o-scan-limit');
    // The demo earning rule: product scan 10 points, at most 5 a day.
    const results = await Promise.all(rows.map((r) => scan(m.token, r.code)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(5);
    const refused = results.filter((r) => r.status === 409);
    expect(refused).toHaveLength(7);
    expect(refused.every((r) => r.body.error.code === 'scan_limit')).toBe(true);
    expect(await balanceOf(m.token)).toBe(50);
    expect((await sumLedger(m.id)).sum).toBe(50);
    expect(await itemsUnder(`MEMBER#${m.id}`, 'PRODUCT#')).toHaveLength(5);

    setClock({ now: () => new Date(Date.now() + DAY) });
    const left = rows.filter((_, i) => results[i]!.status === 409);
    const next = await Promise.all(left.map((r) => scan(m.token, r.code)));
    expect(next.filter((r) => r.status === 200)).toHaveLength(5);
    expect(await balanceOf(m.token)).toBe(100);
  }, 60_000);

  test("a batch's own daily limit per member holds too", async () => {
    const batch = await newBatch({ dailyLimitPerMember: 2, points: 30 });
    const rows = (await exportCodes(batch.id)).slice(0, 4);
    const m = await a.newMember('o-scan-batch-limit');
    const results = await Promise.all(rows.map((r) => scan(m.token, r.code)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(2);
    expect(results.filter((r) => r.status === 409 && r.body.error.code === 'scan_limit')).toHaveLength(2);
    expect(await balanceOf(m.token)).toBe(60);
  }, 60_000);

  test('paused, voided and outside the window: refused with the reason, state changes audited', async () => {
    const batch = await newBatch();
    const rows = await exportCodes(batch.id);
    const m = await a.newMember('o-scan-paused');
    const paused = await products(admin, 'PUT', `/admin/product-batches/${batch.id}/state`, { state: 'paused', reason: '包装印刷错误' });
    expect(paused.body.state).toBe('paused');
    const r1 = await scan(m.token, rows[0]!.code);
    expect([r1.status, r1.body.error.code]).toEqual([409, 'batch_paused']);
    await products(admin, 'PUT', `/admin/product-batches/${batch.id}/state`, { state: 'active' });
    expect((await scan(m.token, rows[0]!.code)).status).toBe(200);
    const voided = await products(admin, 'PUT', `/admin/product-batches/${batch.id}/state`, { state: 'voided' });
    expect(voided.body).toMatchObject({ state: 'voided', scanned: 1 });
    const r2 = await scan(m.token, rows[1]!.code);
    expect([r2.status, r2.body.error.code]).toEqual([422, 'batch_voided']);
    const back = await products(admin, 'PUT', `/admin/product-batches/${batch.id}/state`, { state: 'active' });
    expect([back.status, back.body.error.code]).toEqual([409, 'batch_voided']);
    const audit = await a.admin(admin, 'GET', '/admin/audit', undefined, { target: `batch:${batch.id}` });
    expect(audit.body.entries.map((e: { action: string }) => e.action)).toEqual(['product.batch.state', 'product.batch.state', 'product.batch.state', 'product.batch.create']);
    expect(audit.body.entries[3]).toMatchObject({ before: null });

    const later = await newBatch({ validFrom: new Date(Date.now() + 2 * DAY).toISOString() });
    const [lr] = await exportCodes(later.id);
    const r3 = await scan(m.token, lr!.code);
    expect([r3.status, r3.body.error.code, r3.body.error.fields[0].path]).toEqual([422, 'batch_not_started', 'code']);
    const short = await newBatch({ validUntil: new Date(Date.now() + 2 * DAY).toISOString() });
    const [sr] = await exportCodes(short.id);
    setClock({ now: () => new Date(Date.now() + 3 * DAY) });
    const r4 = await scan(m.token, sr!.code);
    expect([r4.status, r4.body.error.code]).toEqual([422, 'batch_ended']);
  }, 60_000);

  test('a warranty record and a coupon come with the scan, in the same transaction as the used mark', async () => {
    const tpl = await call(couponsHandler, {
      method: 'POST',
      path: '/admin/coupon-templates',
      token: admin,
      body: { name: '复购券', description: '', kind: 'amountOff', amountOffFen: 2_000, scope: { kind: 'all' }, stores: null, stackable: true, validity: { kind: 'afterIssue', days: 30 }, stock: 1, perMemberLimit: null, claimable: false },
    });
    expect(tpl.status).toBe(201);
    const batch = await newBatch({ points: 25, warrantyMonths: 12, couponTemplateId: tpl.body.id });
    const [r1, r2] = await exportCodes(batch.id);
    const m = await a.newMember('o-scan-warranty');
    const s = await scan(m.token, r1!.url);
    expect(s.status).toBe(200);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const [y, mo, d] = today.split('-').map(Number) as [number, number, number];
    const until = new Date(Date.UTC(y + 1, mo - 1, d - 1)).toISOString().slice(0, 10);
    expect(s.body).toMatchObject({ points: 25, balance: 25, coupon: { name: '复购券', summary: '¥20 代金券' }, couponNote: null, warranty: { months: 12, until } });
    const mine = await products(m.token, 'GET', '/members/me/products');
    expect(mine.body.products).toEqual([expect.objectContaining({ sku: 'SKU-CREAM-50', name: '修护面霜 50ml', points: 25, warrantyMonths: 12, warrantyUntil: until, warrantyActive: true })]);
    const wallet = await call(couponsHandler, { method: 'GET', path: '/members/me/coupons', token: m.token });
    expect(wallet.body.coupons).toEqual([expect.objectContaining({ name: '复购券', source: 'productScan', state: 'available' })]);
    // The coupon's stock (1) is gone: the next scan still gives points and warranty, and says why no coupon.
    const s2 = await scan(m.token, r2!.code);
    expect(s2.body).toMatchObject({ points: 25, balance: 50, coupon: null, couponNote: 'sold_out' });
    // Another member sees only her own products.
    const other = await a.newMember('o-scan-other');
    expect((await products(other.token, 'GET', '/members/me/products')).body.products).toEqual([]);
    expect((await products(other.token, 'GET', '/admin/product-batches')).status).toBe(403);
  }, 60_000);

  test('abuse signals: many failed codes and daily-limit hits are recorded and listed for the admin', async () => {
    const batch = await newBatch();
    const rows = (await exportCodes(batch.id)).slice(0, 8);
    const guesser = await a.newMember('o-scan-guesser');
    for (let i = 0; i < 4; i++) expect((await scan(guesser.token, `${rows[i]!.code.slice(0, 17)}${rows[i]!.code[17] === '0' ? '1' : '0'}`)).status).toBe(422);
    let list = await products(admin, 'GET', '/admin/scan-abuse');
    expect(list.body.signals.find((s: { memberId: string }) => s.memberId === guesser.id)).toBeUndefined();
    // The fifth failure of the day makes her a signal; a code someone else used counts as a failure too.
    const owner = await a.newMember('o-scan-owner');
    expect((await scan(owner.token, rows[0]!.code)).status).toBe(200);
    expect((await scan(guesser.token, rows[0]!.code)).status).toBe(409);
    const limited = await a.newMember('o-scan-greedy');
    const rs = await Promise.all(rows.slice(1, 8).map((r) => scan(limited.token, r.code)));
    expect(rs.filter((r) => r.status === 409)).toHaveLength(2);

    list = await products(admin, 'GET', '/admin/scan-abuse');
    expect(list.status).toBe(200);
    const g = list.body.signals.find((s: { memberId: string }) => s.memberId === guesser.id);
    expect(g).toMatchObject({ failedCodes: 5, limitHits: 0, lastReason: 'used', phoneMasked: expect.stringContaining('****') });
    const l = list.body.signals.find((s: { memberId: string }) => s.memberId === limited.id);
    expect(l).toMatchObject({ failedCodes: 0, limitHits: 2, lastReason: 'limit' });
    expect(list.body.signals.find((s: { memberId: string }) => s.memberId === owner.id)).toBeUndefined();
    expect((await products(guesser.token, 'GET', '/admin/scan-abuse')).status).toBe(403);
  }, 60_000);
});
