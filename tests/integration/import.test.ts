/**
 * Member import through S3 (issue 16) against DynamoDB Local and s3rver: a generated 1,000-row GBK CSV
 * with 30 bad rows and 50 phones already registered (920 created, 50 merged, 30 in the error file with
 * their row numbers and reasons); the same file again changes nothing; points add up (ledger = balance,
 * opening points once, also across files); UTF-8 with BOM and .xlsx; an imported member registering
 * through WeChat is bound to her imported record; roles and bad input; segment exports through S3.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { db } from '../../functions/adapters/dynamo/client';
import { handler as importsHandler } from '../../functions/imports/http';
import { importedMemberId } from '../../functions/imports/worker';
import { drainBackground } from '../../functions/lib/background';
import { handler as segmentsHandler } from '../../functions/segments/http';
import { actors } from './actors';
import { call, setupWorld } from './support';

let world: Awaited<ReturnType<typeof setupWorld>>;
const a = actors(() => world.standIn);
let admin: string;
const savedEnv = { ...process.env };

beforeAll(async () => {
  world = await setupWorld();
  // Small chunks and a run budget of 1 ms: every chunk is checkpointed and handed to a new run of the
  // worker (startBackground), as a Lambda near its timeout would.
  process.env.IMPORT_CHUNK_ROWS = '100';
  process.env.IMPORT_WORKER_BUDGET_MS = '1';
  admin = (await a.login('demo-admin')).token;
}, 60_000);
afterAll(async () => {
  process.env = savedEnv;
  await world.close();
});

const api = (method: string, path: string, body?: unknown, token: string | undefined = admin) => call(importsHandler, { method, path, body, ...(token ? { token } : {}) });

async function upload(fileName: string, format: 'csv' | 'xlsx', bytes: Buffer): Promise<string> {
  const r = await api('POST', '/admin/imports', { fileName, format });
  expect(r.status).toBe(200);
  const put = await fetch(r.body.uploadUrl, { method: 'PUT', headers: { 'content-type': r.body.contentType }, body: new Uint8Array(bytes) });
  expect(put.status).toBe(200);
  return r.body.importId as string;
}

async function runImport(importId: string, mapping?: Record<string, number>) {
  const p = await api('GET', `/admin/imports/${importId}/preview`);
  expect(p.status).toBe(200);
  const s = await api('POST', `/admin/imports/${importId}/start`, { mapping: mapping ?? p.body.mapping });
  expect(s.status).toBe(200);
  await drainBackground();
  const done = await api('GET', `/admin/imports/${importId}`);
  expect(done.status).toBe(200);
  return { preview: p.body, status: done.body };
}

/** Every item of the table (a test world holds a few thousand). */
async function scanAll(): Promise<Record<string, unknown>[]> {
  const { client, table } = db();
  const out: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const r = await client.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start, ConsistentRead: true }));
    out.push(...(r.Items ?? []));
    start = r.LastEvaluatedKey;
  } while (start);
  return out;
}

/** Members' items (their partitions, phone and card lookups): what an import may write. */
async function memberData() {
  const items = (await scanAll()).filter((i) => /^(MEMBER|PHONE|CARD|OPENID)#/.test(String(i.PK)));
  const balances = new Map<string, number>();
  const ledger = new Map<string, { sum: number; rows: number; opening: number }>();
  for (const i of items) {
    const pk = String(i.PK);
    if (i.SK === 'POINTS') balances.set(pk, Number(i.balance ?? 0));
    if (String(i.SK).startsWith('LEDGER#')) {
      const l = ledger.get(pk) ?? { sum: 0, rows: 0, opening: 0 };
      l.sum += Number(i.points);
      l.rows++;
      if ((i.source as { kind?: string })?.kind === 'import') l.opening++;
      ledger.set(pk, l);
    }
  }
  const fingerprint = items
    .map((i) => `${String(i.PK)}|${String(i.SK)}|${JSON.stringify(Object.entries(i).sort(([x], [y]) => x.localeCompare(y)))}`)
    .sort()
    .join('\n');
  return { count: items.length, balances, ledger, fingerprint };
}

const HEADER = ['手机号', '姓名', '性别', '出生日期', '门店', '会员等级', '积分余额', '会员卡号'];
const SURNAMES = '王李张刘陈杨黄赵吴周';
const GIVEN = ['芳', '娜', '敏', '静', '丽', '强', '磊', '洋', '艳', '军'];

interface Generated {
  csv: string;
  bad: Map<number, string>;
  created: string[];
  merged: string[];
  points: Map<string, number>;
}

/**
 * 1,000 data rows (sheet lines 2–1001): 30 bad with mixed reasons, 50 with registered phones, 920 new.
 * Birthdays in several formats, stores by id or name, tiers by code or name, some card numbers.
 */
function generate(registered: string[]): Generated {
  const bad = new Map<number, string>();
  const created: string[] = [];
  const merged: string[] = [];
  const points = new Map<string, number>();
  const lines = [HEADER.join(',')];
  const badKinds = [
    (i: number) => ({ cells: [`1234${i}`, '坏号码', '女', '', '', '', '', ''], why: '不是有效的中国大陆手机号' }),
    () => ({ cells: ['', '没手机', '女', '', '', '', '', ''], why: '手机号为空' }),
    (i: number) => ({ cells: [`1590000${String(9000 + i).slice(-4)}`, '生日错', '女', '1990-02-30', '', '', '', ''], why: '生日不是有效日期' }),
    (i: number) => ({ cells: [`1590001${String(9000 + i).slice(-4)}`, '门店错', '男', '', '不存在的店', '', '', ''], why: '门店不存在' }),
    (i: number) => ({ cells: [`1590002${String(9000 + i).slice(-4)}`, '积分错', '女', '', '', '', '-5', ''], why: '积分' }),
    (i: number) => ({ cells: [`1590003${String(9000 + i).slice(-4)}`, '性别错', '未填写x', '', '', '', '', ''], why: '性别' }),
  ];
  let reg = 0;
  for (let i = 0; i < 1000; i++) {
    const line = i + 2;
    let cells: string[];
    if (i % 33 === 5 && bad.size < 30) {
      const k = badKinds[bad.size % badKinds.length]!(i);
      cells = k.cells;
      bad.set(line, k.why);
    } else if (i % 19 === 3 && reg < 50) {
      const phone = registered[reg++]!;
      const p = 100 + reg;
      cells = [phone, `${SURNAMES[reg % 10]}${GIVEN[reg % 10]}`, reg % 2 ? '女' : '男', '1988/3/4', 'S001', '', String(p), ''];
      merged.push(phone);
      points.set(phone, p);
    } else {
      const phone = `186${String(10_000_000 + i * 7).slice(-8)}`;
      const p = i % 4 === 0 ? 0 : (i * 37) % 5000;
      const birthday = [`1990-01-${String((i % 28) + 1).padStart(2, '0')}`, `1985/${(i % 12) + 1}/${(i % 27) + 1}`, `1979${String((i % 12) + 1).padStart(2, '0')}15`, ''][i % 4]!;
      const tier = ['', 'SILVER', '金卡会员', ''][i % 4]!;
      const store = ['', 'S001', '旗舰店'][i % 3]!;
      const card = i % 10 === 0 ? `HY${String(800000 + i)}` : '';
      cells = [phone, `${SURNAMES[i % 10]}${GIVEN[(i * 3) % 10]}`, i % 3 ? '女' : '男', birthday, store, tier, String(p), card];
      created.push(phone);
      points.set(phone, p);
    }
    lines.push(cells.join(','));
  }
  if (bad.size !== 30 || merged.length !== 50 || created.length !== 920) throw new Error(`generator: ${bad.size} bad, ${merged.length} merged, ${created.length} created`);
  return { csv: `${lines.join('\r\n')}\r\n`, bad, created, merged, points };
}

describe('a 1,000-row GBK CSV', () => {
  let g: Generated;
  let registeredIds: Map<string, string>;
  let firstImport: string;

  beforeAll(async () => {
    const phones = Array.from({ length: 50 }, (_, i) => `1770000${String(1000 + i)}`);
    registeredIds = new Map();
    for (const [i, phone] of phones.entries()) registeredIds.set(phone, (await a.newMember(`imp-reg-${i}`, phone)).id);
    g = generate(phones);
  }, 120_000);

  test('920 created, 50 merged, 30 failed rows named in the error file; points add up', async () => {
    const before = await memberData();
    const bytes = iconv.encode(g.csv, 'gbk');
    expect(bytes.includes(Buffer.from('手机号', 'utf8'))).toBe(false); // really GBK
    firstImport = await upload('老系统会员.csv', 'csv', bytes);
    const { preview, status } = await runImport(firstImport);
    expect(preview.encoding).toBe('gbk');
    expect(preview.header).toEqual(HEADER);
    expect(preview.mapping).toEqual({ phone: 0, name: 1, gender: 2, birthday: 3, store: 4, tier: 5, points: 6, cardNo: 7 });
    expect(preview.rows).toHaveLength(10);

    expect(status.state).toBe('done');
    expect(status.counts).toEqual({ processed: 1000, total: 1000, created: 920, merged: 50, failed: 30, unchanged: 0 });

    // The error file: UTF-8 with BOM, one line per failed row with its line number and reason.
    const res = await fetch(status.errorFileUrl);
    expect(res.status).toBe(200);
    const bytesOut = Buffer.from(await res.arrayBuffer());
    expect([...bytesOut.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytesOut.toString('utf8').slice(1).trim().split('\r\n');
    expect(lines[0]).toBe('行号,手机号,字段,值,原因');
    expect(lines).toHaveLength(31);
    const byRow = new Map(lines.slice(1).map((l) => [Number(l.split(',')[0]), l]));
    for (const [line, why] of g.bad) expect(byRow.get(line)).toContain(why);

    // Created members: deterministic ids, the stated fields, no WeChat binding; opening points in the ledger.
    const after = await memberData();
    for (const phone of g.created.slice(0, 40)) {
      const pk = `MEMBER#${importedMemberId(phone)}`;
      expect(after.balances.get(pk)).toBe(g.points.get(phone));
    }
    // Merged members keep their id and get the opening points once, on top of what they had.
    for (const phone of g.merged) {
      const pk = `MEMBER#${registeredIds.get(phone)}`;
      expect(after.balances.get(pk)).toBe((before.balances.get(pk) ?? 0) + g.points.get(phone)!);
      expect(after.ledger.get(pk)!.opening).toBe(1);
    }
    // Ledger = balance for every account.
    for (const [pk, bal] of after.balances) expect([pk, after.ledger.get(pk)?.sum ?? 0]).toEqual([pk, bal]);
    // Items written per created row: phone, profile, points, ledger (when points), card (when a number).
    console.log(`items written by the import: ${after.count - before.count} for 920 created + 50 merged rows`);
  }, 180_000);

  test('running the same file again changes nothing', async () => {
    const before = await memberData();
    const again = await upload('老系统会员.csv', 'csv', iconv.encode(g.csv, 'gbk'));
    const { status } = await runImport(again);
    expect(status.counts).toEqual({ processed: 1000, total: 1000, created: 0, merged: 970, failed: 30, unchanged: 970 });
    const after = await memberData();
    expect(after.count).toBe(before.count);
    expect(after.fingerprint).toBe(before.fingerprint);
  }, 180_000);

  test('opening points are once per member, whatever the file (UTF-8 with BOM): fills empty fields only', async () => {
    const phone = g.merged[0]!;
    const memberPk = `MEMBER#${registeredIds.get(phone)}`;
    const before = await memberData();
    const fresh = '13512345678';
    const text = `\ufeffphone,name,gender,birthday,points balance,card number\r\n${phone},别的名字,男,1970-01-01,999,\r\n${fresh},新会员,女,1999-09-09,50,\r\n`;
    const id = await upload('utf8.csv', 'csv', Buffer.from(text, 'utf8'));
    const { preview, status } = await runImport(id);
    expect(preview.encoding).toBe('utf-8-bom');
    expect(preview.mapping).toEqual({ phone: 0, name: 1, gender: 2, birthday: 3, points: 4, cardNo: 5 });
    expect(status.counts).toMatchObject({ processed: 2, created: 1, merged: 1, failed: 0 });
    const after = await memberData();
    expect(after.balances.get(memberPk)).toBe(before.balances.get(memberPk));
    expect(after.ledger.get(memberPk)!.opening).toBe(1);
    expect(after.balances.get(`MEMBER#${importedMemberId(fresh)}`)).toBe(50);
    const profile = (await scanAll()).find((i) => i.PK === memberPk && i.SK === 'PROFILE')!;
    expect(profile.name).not.toBe('别的名字'); // filled by the first import, kept
  }, 60_000);

  test('an imported member registering through WeChat is bound to her imported record, points kept', async () => {
    const phone = g.created[1]!;
    const m = await a.newMember('imp-binds-later', phone);
    expect(m.id).toBe(importedMemberId(phone));
    const me = await a.me(m.token);
    expect(me.body.points?.balance ?? me.body.pointsBalance ?? null).not.toBeNull();
  }, 30_000);
});

test('an .xlsx file: dates as date cells, Excel serials and text', async () => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('会员');
  ws.addRow(['手机', '姓名', '生日', '等级', '积分']);
  ws.addRow(['13611110001', '表格一', new Date(Date.UTC(1991, 4, 6)), '银卡会员', 120]);
  ws.addRow([13611110002, '表格二', 33000, 'GOLD', '1,200']);
  ws.addRow(['13611110003', '表格三', '1992年7月8日', '', '']);
  ws.addRow(['bad', '表格四', '', '', '']);
  const bytes = Buffer.from(await wb.xlsx.writeBuffer());
  const id = await upload('会员.xlsx', 'xlsx', bytes);
  const { preview, status } = await runImport(id);
  expect(preview.encoding).toBe('xlsx');
  expect(preview.mapping).toEqual({ phone: 0, name: 1, birthday: 2, tier: 3, points: 4 });
  expect(status.counts).toMatchObject({ processed: 4, total: 4, created: 3, merged: 0, failed: 1 });
  const items = await scanAll();
  const profile = (phone: string) => items.find((i) => i.PK === `MEMBER#${importedMemberId(phone)}` && i.SK === 'PROFILE')!;
  expect(profile('13611110001')).toMatchObject({ birthday: '1991-05-06', tierCode: 'SILVER', source: 'import' });
  expect(profile('13611110002')).toMatchObject({ birthday: '1990-05-07', tierCode: 'GOLD' }); // Excel serial 33000
  expect(profile('13611110003')).toMatchObject({ birthday: '1992-07-08', tierCode: 'MEMBER' });
  expect(items.find((i) => i.PK === `MEMBER#${importedMemberId('13611110002')}` && i.SK === 'POINTS')!.balance).toBe(1200);
  const errors = Buffer.from(await (await fetch(status.errorFileUrl)).arrayBuffer()).toString('utf8');
  expect(errors).toContain('5,bad,手机号,bad,不是有效的中国大陆手机号');
}, 60_000);

describe('roles and bad input', () => {
  test('admins only', async () => {
    const member = await a.newMember('imp-not-admin');
    expect((await api('POST', '/admin/imports', { fileName: 'a.csv', format: 'csv' }, member.token)).status).toBe(403);
    expect((await api('GET', '/admin/imports', undefined, member.token)).status).toBe(403);
    expect((await api('POST', '/admin/imports', { fileName: 'a.csv', format: 'csv' }, '')).status).toBe(401);
    const clerk = (await a.login('demo-staff')).token;
    expect((await api('GET', '/admin/imports/imp_0000000000', undefined, clerk)).status).toBe(403);
  }, 30_000);

  test('refusals name the field and write nothing', async () => {
    expect((await api('POST', '/admin/imports', { fileName: 'a.csv', format: 'xls' })).status).toBe(400);
    expect((await api('GET', '/admin/imports/imp_0000000000')).body.error.code).toBe('import_not_found');
    expect((await api('GET', '/admin/imports/x')).status).toBe(400);
    const r = await api('POST', '/admin/imports', { fileName: 'never.csv', format: 'csv' });
    const notUp = await api('GET', `/admin/imports/${r.body.importId}/preview`);
    expect([notUp.status, notUp.body.error.code]).toEqual([409, 'import_not_uploaded']);
    expect((await api('POST', `/admin/imports/${r.body.importId}/start`, { mapping: { name: 1 } })).status).toBe(400);
    expect((await api('POST', `/admin/imports/${r.body.importId}/start`, { mapping: { phone: 0 } })).body.error.code).toBe('import_not_uploaded');
    const junk = await upload('junk.xlsx', 'xlsx', Buffer.from('not a zip at all'));
    const p = await api('GET', `/admin/imports/${junk}/preview`);
    expect([p.status, p.body.error.code]).toEqual([422, 'import_unreadable']);
  }, 30_000);

  test('starting twice starts once; the list shows past imports', async () => {
    const id = await upload('twice.csv', 'csv', Buffer.from('手机号\n13799990001\n'));
    await api('GET', `/admin/imports/${id}/preview`);
    const [x, y] = await Promise.all([api('POST', `/admin/imports/${id}/start`, { mapping: { phone: 0 } }), api('POST', `/admin/imports/${id}/start`, { mapping: { phone: 0 } })]);
    expect([x.status, y.status]).toEqual([200, 200]);
    expect((await api('POST', `/admin/imports/${id}/start`, { mapping: { phone: 0, name: 0 } })).status).toBe(409);
    await drainBackground();
    expect((await api('GET', `/admin/imports/${id}`)).body.counts).toMatchObject({ created: 1, processed: 1 });
    const list = await api('GET', '/admin/imports');
    expect(list.body.imports.map((i: { importId: string }) => i.importId)).toContain(id);
  }, 30_000);
});

test('segment exports are written to S3 in the background; the page gets a download link', async () => {
  const seg = await call(segmentsHandler, { method: 'POST', path: '/admin/segments', token: admin, body: { name: '导入的银卡', filter: { tiers: ['SILVER'] } } });
  expect(seg.status).toBe(200);
  const started = await call(segmentsHandler, { method: 'POST', path: `/admin/segments/${seg.body.id}/exports`, token: admin });
  expect([started.status, started.body.state, started.body.downloadUrl]).toEqual([200, 'running', null]);
  await drainBackground();
  const done = await call(segmentsHandler, { method: 'GET', path: `/admin/segments/${seg.body.id}/exports/${started.body.exportId}`, token: admin });
  expect(done.body.state).toBe('done');
  expect(done.body.count).toBeGreaterThan(100);
  const csv = Buffer.from(await (await fetch(done.body.downloadUrl)).arrayBuffer());
  expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = csv.toString('utf8').trim().split('\r\n');
  expect(lines).toHaveLength(done.body.count + 1);
  // Phones are masked for an admin without the phone permission.
  if (!done.body.phonesVisible) expect(lines[1]).toMatch(/,1\d\d\*\*\*\*\d{4},/);
  expect((await call(segmentsHandler, { method: 'GET', path: `/admin/segments/${seg.body.id}/exports/exp_0000000000`, token: admin })).status).toBe(404);
  const member = await a.newMember('exp-not-admin');
  expect((await call(segmentsHandler, { method: 'POST', path: `/admin/segments/${seg.body.id}/exports`, token: member.token })).status).toBe(403);
}, 60_000);

test('a merge raises the tier as a floor (history, audit) and fills empty fields', async () => {
  const m = await a.newMember('imp-tier-floor', '13766660001');
  const id = await upload('tier.csv', 'csv', Buffer.from('手机号,姓名,等级\n13766660001,郑女士,GOLD\n', 'utf8'));
  const { status } = await runImport(id);
  expect(status.counts).toMatchObject({ merged: 1, failed: 0 });
  const items = (await scanAll()).filter((i) => i.PK === `MEMBER#${m.id}`);
  expect(items.find((i) => i.SK === 'PROFILE')).toMatchObject({ tierCode: 'GOLD', name: '郑女士' });
  expect(items.some((i) => String(i.SK).startsWith('TIER#'))).toBe(true);
  // A lower tier in a later file never lowers her.
  const again = await upload('tier2.csv', 'csv', Buffer.from('手机号,等级\n13766660001,SILVER\n', 'utf8'));
  expect((await runImport(again)).status.counts).toMatchObject({ merged: 1, unchanged: 1 });
}, 60_000);
