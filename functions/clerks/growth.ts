/**
 * A clerk's registration QR (issue 19, part C): her code at her store, made on first use (one per person
 * and store), the QR's page path and a printed mini-program code's scene, and her figures of this month.
 */
import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { ClerkGrowthFigures, MyGrowthResponse } from '../../shared/contract/clerks';
import type { PosterCode as PosterCodeSchema } from '../../shared/contract/common';
import { HOME_PAGE } from '../../shared/domain/attribution';
import { clerkCodeFrom, clerkQrPath, clerkScene, CLERK_CODE_LENGTH, monthOfInstant, netSalesFen, ratingAverage, type StatCounters } from '../../shared/domain/clerks';
import { getStoreName } from '../adapters/dynamo/brand-repo';
import { clerkRatingOf, codeOfClerk, saveClerkCode, statRowOf } from '../adapters/dynamo/clerk-repo';
import { clock } from '../lib/clock';
import { fail } from '../lib/errors';
import type { Session } from '../lib/session';
import { posterCode } from '../wechat/collaboration';

type PosterCode = z.infer<typeof PosterCodeSchema>;

export function figuresOf(c: StatCounters): ClerkGrowthFigures {
  return {
    registrations: c.registrations,
    orders: c.orders,
    salesFen: c.salesFen,
    refundFen: c.refundFen,
    netSalesFen: netSalesFen(c),
    rating: ratingAverage(c.ratingSum, c.ratingCount),
    ratingCount: c.ratingCount,
  };
}

/** Her code at the store, made once (a concurrent first call makes the same one: the loser reads the winner's). */
async function codeFor(openid: string, storeId: string): Promise<string> {
  for (let i = 0; i < 5; i++) {
    const existing = await codeOfClerk(openid, storeId);
    if (existing) return existing;
    const code = clerkCodeFrom(randomBytes(CLERK_CODE_LENGTH));
    const out = await saveClerkCode({ code, openid, storeId }, clock.now().toISOString());
    if (out.ok) return code;
    // has_code: made meanwhile (read it next round); code_taken: draw another.
  }
  throw fail('busy', 'could not draw a free clerk code');
}

/** Her registration QR as a printed mini-program code (小程序码): the home page with her store and code as its scene. */
export async function myGrowthPoster(session: Session): Promise<PosterCode> {
  const storeId = session.storeId;
  if (!storeId) throw fail('forbidden', 'a clerk works at a store');
  if ((await getStoreName(storeId)) === null) throw fail('store_not_found', `no store ${storeId}`);
  const code = await codeFor(session.openid, storeId);
  return posterCode({ page: HOME_PAGE, scene: clerkScene(storeId, code) });
}

export async function myGrowth(session: Session): Promise<MyGrowthResponse> {
  const storeId = session.storeId;
  if (!storeId) throw fail('forbidden', 'a clerk works at a store');
  const storeName = await getStoreName(storeId);
  if (storeName === null) throw fail('store_not_found', `no store ${storeId}`);
  const code = await codeFor(session.openid, storeId);
  const month = monthOfInstant(clock.now());
  const [row, all] = await Promise.all([statRowOf(month, storeId, session.openid), clerkRatingOf(session.openid)]);
  return {
    storeId,
    storeName,
    code,
    path: clerkQrPath(storeId, code),
    scene: clerkScene(storeId, code),
    month,
    figures: figuresOf(row),
    rating: ratingAverage(all.ratingSum, all.ratingCount),
    ratingCount: all.ratingCount,
  };
}
