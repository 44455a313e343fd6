import { wechat, WeChatError, resetWeChatClientCache } from '../../functions/adapters/wechat/client';
import { readCachedToken } from '../../functions/adapters/dynamo/token-cache';
import { APPID, SECRET, devPost, loginCode, phoneCode, setupWorld } from './support';

/** The stand-in must speak WeChat's contract exactly; our one WeChat client is tested against it. */
let clock = Date.now();
let world: Awaited<ReturnType<typeof setupWorld>>;
beforeAll(async () => {
  world = await setupWorld({ now: () => clock });
});
afterAll(() => world.close());

const get = async (path: string) => (await fetch(`${world.standIn.url}${path}`)).json();
const post = async (path: string, body: unknown) =>
  (await fetch(`${world.standIn.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json();

describe('stand-in contract', () => {
  test('getwxacodeunlimit: the image on success (PNG here), JSON errcode on a bad scene, page or token; the client reads both', async () => {
    const { access_token } = await post('/cgi-bin/stable_token', { grant_type: 'client_credential', appid: APPID, secret: SECRET });
    const code = async (body: unknown, token = access_token) =>
      fetch(`${world.standIn.url}/wxa/getwxacodeunlimit?access_token=${token}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const ok = await code({ scene: 'store=S001&clerk=ABCD2345', page: 'pages/index/index', width: 200 });
    expect(ok.headers.get('content-type')).toBe('image/png');
    const png = Buffer.from(await ok.arrayBuffer());
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    // Width is kept within 280..1280 px: the image is at least 280 px wide (IHDR width at byte 16).
    expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(200);
    expect(await (await code({ scene: 'x'.repeat(33) })).json()).toMatchObject({ errcode: 40169 });
    expect(await (await code({ scene: 'a%20b' })).json()).toMatchObject({ errcode: 40169 });
    expect(await (await code({ scene: 'ref=ABCD2345', page: '/pages/index/index' })).json()).toMatchObject({ errcode: 41030 });
    expect(await (await code({ scene: 'ref=ABCD2345', page: 'pages/index/index?x=1' })).json()).toMatchObject({ errcode: 41030 });
    expect(await (await code({ scene: 'ref=ABCD2345' }, 'nope')).json()).toMatchObject({ errcode: 40001 });
    const made = await get('/__dev/wxacodes');
    expect(made.codes.at(-1)).toMatchObject({ scene: 'store=S001&clerk=ABCD2345', page: 'pages/index/index', envVersion: 'release', width: 280 });

    const viaClient = await wechat.getUnlimitedCode({ scene: 'ref=ABCD2345', page: 'pages/index/index' });
    expect(viaClient.contentType).toBe('image/png');
    expect(viaClient.image.subarray(1, 4).toString('ascii')).toBe('PNG');
    await expect(wechat.getUnlimitedCode({ scene: 'y'.repeat(40), page: 'pages/index/index' })).rejects.toMatchObject({ name: 'WeChatError', errcode: 40169 });
  });

  test('jscode2session: a code works once, then 40029; wrong secret 40125', async () => {
    const code = await loginCode(world.standIn, 'o-std-1');
    const q = (c: string, secret = SECRET) => `/sns/jscode2session?appid=${APPID}&secret=${secret}&js_code=${c}&grant_type=authorization_code`;
    const first = await get(q(code));
    expect(first).toMatchObject({ openid: 'o-std-1' });
    expect(typeof first.session_key).toBe('string');
    expect(await get(q(code))).toMatchObject({ errcode: 40029 });
    expect(await get(q(await loginCode(world.standIn, 'o-std-1'), 'wrong'))).toMatchObject({ errcode: 40125 });
  });

  test('stable_token does not rotate unless forced; getuserphonenumber checks token and code expiry', async () => {
    const body = { grant_type: 'client_credential', appid: APPID, secret: SECRET };
    const a = await post('/cgi-bin/stable_token', body);
    const b = await post('/cgi-bin/stable_token', body);
    expect(a.expires_in).toBe(7200);
    expect(b.access_token).toBe(a.access_token);
    const forced = await post('/cgi-bin/stable_token', { ...body, force_refresh: true });
    expect(forced.access_token).not.toBe(a.access_token);

    const code = await phoneCode(world.standIn, '13812345678');
    const phone = await post(`/wxa/business/getuserphonenumber?access_token=${forced.access_token}`, { code });
    expect(phone).toMatchObject({ errcode: 0, phone_info: { phoneNumber: '13812345678', purePhoneNumber: '13812345678', countryCode: '86', watermark: { appid: APPID } } });
    expect(await post(`/wxa/business/getuserphonenumber?access_token=nope`, { code: await phoneCode(world.standIn, '13812345678') })).toMatchObject({ errcode: 40001 });

    const late = await phoneCode(world.standIn, '13812345678');
    clock += 5 * 60_000 + 1_000;
    expect(await post(`/wxa/business/getuserphonenumber?access_token=${forced.access_token}`, { code: late })).toMatchObject({ errcode: 40029 });
  });

  test('subscribe/send spends one acceptance per message, then 43101; /__dev/messages shows both', async () => {
    const { access_token } = await post('/cgi-bin/stable_token', { grant_type: 'client_credential', appid: APPID, secret: SECRET });
    await devPost(world.standIn, '/__dev/subscribe', { openid: 'o-sub', templateIds: ['TPL_BIRTHDAY'] });
    const msg = { touser: 'o-sub', template_id: 'TPL_BIRTHDAY', data: { thing1: { value: '生日快乐' } } };
    const sent = await post(`/cgi-bin/message/subscribe/send?access_token=${access_token}`, msg);
    expect(sent).toMatchObject({ errcode: 0 });
    expect(await post(`/cgi-bin/message/subscribe/send?access_token=${access_token}`, msg)).toMatchObject({ errcode: 43101 });
    const log = await get('/__dev/messages?touser=o-sub');
    expect(log.messages).toHaveLength(1);
    expect(log.messages[0]).toMatchObject({ touser: 'o-sub', template_id: 'TPL_BIRTHDAY', data: msg.data });
    expect(log.rejected).toEqual([expect.objectContaining({ touser: 'o-sub', errcode: 43101 })]);
  });

  test('CORS preflight for the browser-facing dev endpoints', async () => {
    const r = await fetch(`${world.standIn.url}/__dev/login-code`, { method: 'OPTIONS', headers: { origin: 'http://localhost:10086', 'access-control-request-method': 'POST' } });
    expect(r.status).toBe(204);
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
  });
});

describe('our WeChat client against the stand-in', () => {
  test('caches one token in the table and refreshes once on 40001', async () => {
    resetWeChatClientCache();
    const before = world.standIn.state.tokenRequests;
    const p1 = await wechat.getPhoneNumber(await phoneCode(world.standIn, '13900001111'));
    const p2 = await wechat.getPhoneNumber(await phoneCode(world.standIn, '13900002222'));
    expect([p1.purePhoneNumber, p2.purePhoneNumber]).toEqual(['13900001111', '13900002222']);
    expect(world.standIn.state.tokenRequests - before).toBeLessThanOrEqual(1);
    const cached = await readCachedToken();
    expect(cached?.token).toBeTruthy();

    await devPost(world.standIn, '/__dev/expire-token', {});
    const p3 = await wechat.getPhoneNumber(await phoneCode(world.standIn, '13900003333'));
    expect(p3.purePhoneNumber).toBe('13900003333');
    expect((await readCachedToken())?.token).not.toBe(cached?.token);
  });

  test('an unknown code surfaces as WeChatError 40029', async () => {
    await expect(wechat.code2Session('never-issued')).rejects.toEqual(expect.objectContaining({ errcode: 40029 }));
    await expect(wechat.code2Session('never-issued')).rejects.toBeInstanceOf(WeChatError);
  });
});

describe('scheduled token refresh', () => {
  test('writes the shared token to the table', async () => {
    const { handler } = await import('../../functions/wechat/refresh-token');
    await devPost(world.standIn, '/__dev/expire-token', {});
    const before = await readCachedToken();
    await (handler as unknown as (e: unknown) => Promise<void>)({});
    const after = await readCachedToken();
    expect(after?.expiresAt).toBeGreaterThan(Date.now());
    expect(after?.token).toBeTruthy();
    expect(after).not.toEqual(before);
  });
});
