/**
 * The clerk counters' stream consumer (issue 19, part C): a new PROFILE of a member brought in by a store
 * or a clerk counts a registration; a new ORDER of such a member counts an order and its amount, a new
 * RETURN its refund, for her registration store and clerk (her profile read once per batch). Counted once
 * per stream record (clerk-repo `countStats`: a guard per eventId in the same transaction as the ADDs).
 */
import { orderAdds, registrationAdds, returnAdds, returnBuyer, sumStatAdds, type StatAdd } from '../../shared/domain/clerks';
import { attributionOf } from '../../shared/domain/clerks';
import { attributionProfiles, countStats, type CountedStat } from '../adapters/dynamo/clerk-repo';
import type { StreamChange } from '../adapters/dynamo/stream';
import { clock } from '../lib/clock';

const isProfile = (c: StreamChange) => c.pk.startsWith('MEMBER#') && c.sk === 'PROFILE';
const isOrder = (c: StreamChange) => c.pk.startsWith('ORDER#') && c.sk === 'ORDER';
const isReturn = (c: StreamChange) => c.pk.startsWith('RETURN#') && c.sk === 'RETURN';

function buyerOf(c: StreamChange): string | null {
  const img = c.newImage!;
  if (isOrder(c)) return typeof img.memberId === 'string' ? img.memberId : null;
  return returnBuyer(img);
}

export async function countClerkStats(changes: readonly StreamChange[]): Promise<void> {
  const inserts = changes.filter((c) => c.kind === 'INSERT' && c.newImage && (isProfile(c) || isOrder(c) || isReturn(c)));
  if (inserts.length === 0) return;
  const buyers = inserts.filter((c) => !isProfile(c)).map(buyerOf).filter((m): m is string => !!m);
  const profiles = buyers.length > 0 ? await attributionProfiles(buyers) : new Map();
  const counted: CountedStat[] = [];
  for (const c of inserts) {
    let adds: StatAdd[];
    if (isProfile(c)) adds = registrationAdds(c.newImage!);
    else {
      const buyer = buyerOf(c);
      const a = buyer ? attributionOf(profiles.get(buyer)) : null;
      adds = isOrder(c) ? orderAdds(c.newImage!, a) : returnAdds(c.newImage!, a);
    }
    if (adds.length > 0) counted.push({ eventId: c.eventId, adds });
  }
  if (counted.length === 0) return;
  await countStats(counted, Math.floor(clock.now().getTime() / 1000), sumStatAdds);
}
