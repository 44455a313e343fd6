/**
 * `npm run bench -- coupon-claims`: claims on one template at concurrency 32 (a flash campaign):
 * how many claims per second the sharded stock sustains, and that exactly the stock is issued.
 */
import { createCouponTemplate, issueCoupon, templateView } from '../../functions/coupons/coupons';
import { benchWorld } from './harness';

const STOCK = Number(process.env.BENCH_STOCK || 2000);
const ATTEMPTS = Number(process.env.BENCH_ATTEMPTS || 3000);
const CONCURRENCY = 32;

export async function main() {
  const { dynamo } = await benchWorld();
  try {
    const t = await createCouponTemplate(
      { openid: 'bench-admin', memberId: null, roles: ['admin'], storeId: null },
      {
        name: '闪购券',
        description: '',
        kind: 'amountOff',
        amountOffFen: 1_000,
        scope: { kind: 'all' },
        stores: null,
        stackable: true,
        validity: { kind: 'afterIssue', days: 30 },
        stock: STOCK,
        perMemberLimit: 1,
        claimable: true,
      },
    );
    let next = 0;
    let issued = 0;
    let soldOut = 0;
    let other = 0;
    const started = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < ATTEMPTS) {
          const i = next++;
          const memberId = `m_bench${String(i).padStart(8, '0')}`;
          try {
            await issueCoupon(memberId, t.id, `req-${i}-bench`, 'centre');
            issued++;
          } catch (e) {
            if ((e as { code?: string }).code === 'sold_out') soldOut++;
            else {
              other++;
              console.error(e);
            }
          }
        }
      }),
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const after = await templateView(t.id);
    if (issued !== STOCK || after?.issued !== STOCK || after.remaining !== 0 || other > 0) {
      throw new Error(`expected exactly ${STOCK} issued; got ${issued} (template says ${after?.issued}, remaining ${after?.remaining}), ${other} other failures`);
    }
    const figures = {
      bench: 'coupon-claims',
      concurrency: CONCURRENCY,
      attempts: ATTEMPTS,
      stock: STOCK,
      issued,
      soldOut,
      seconds: Number(seconds.toFixed(2)),
      claimsPerSec: Math.round(issued / seconds),
    };
    console.log(`${ATTEMPTS} claims at concurrency ${CONCURRENCY} on stock ${STOCK}: ${issued} issued, ${soldOut} sold out, ${figures.claimsPerSec} issued/s`);
    return figures;
  } finally {
    await dynamo.stop();
  }
}
