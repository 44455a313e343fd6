/**
 * Where the care jobs learn about things other capabilities own. Win-back reads the member facts:
 * membersLastPurchasedOn(day) in functions/adapters/dynamo/facts-repo.ts (one GSI1 query of
 * LASTBUY#<day>, the marker the checkout moves to the local day of her last purchase). Tests and
 * benches may replace a source.
 */
import { membersLastPurchasedOn } from '../adapters/dynamo/facts-repo';

export interface CareSources {
  /** Members whose last purchase was on this local day (an index read, not a scan). */
  membersLastPurchasedOn(day: string): Promise<{ memberIds: string[]; itemsRead: number }>;
}

const defaults: CareSources = { membersLastPurchasedOn };

export const careSources: CareSources = { ...defaults };

/** Replaces sources (tests, benches); `null` restores the defaults. */
export function setCareSources(s: Partial<CareSources> | null) {
  Object.assign(careSources, defaults, s ?? {});
}
