import { signSession, verifySession } from '../../functions/lib/session';

const secret = 'unit-test-signing-key-0123456789abcdef';
const s = { openid: 'o-1', memberId: 'm_0123456789', roles: ['member', 'staff'] as ('member' | 'staff')[], storeId: 'S001' };

describe('session token', () => {
  test('round-trips identity, roles and store; expires when it says', async () => {
    const now = new Date('2026-11-22T00:00:00Z');
    const { token, expiresAt } = await signSession(s, secret, 7200, now);
    expect(expiresAt).toBe('2026-11-22T02:00:00.000Z');
    expect(await verifySession(token, secret, now)).toEqual(s);
    await expect(verifySession(token, secret, new Date('2026-11-22T02:00:01Z'))).rejects.toMatchObject({ status: 401 });
  });
  test('a token signed with another key, or altered, is refused', async () => {
    const { token } = await signSession(s, secret, 60);
    await expect(verifySession(token, 'another-key-0123456789abcdef0123')).rejects.toMatchObject({ status: 401 });
    const [h, p, sig] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p!, 'base64url').toString()), roles: ['admin'] })).toString('base64url');
    await expect(verifySession(`${h}.${forged}.${sig}`, secret)).rejects.toMatchObject({ status: 401 });
  });
});
