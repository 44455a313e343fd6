/** The stores a member names in a complaint: picked by name from a list, never typed as a code. Closed stores are not offered. */
import type { z } from 'zod';
import type { StoreList } from '../../shared/contract/complaints';
import { listStores } from '../adapters/dynamo/brand-repo';

export async function complaintStores(): Promise<z.infer<typeof StoreList>> {
  const stores = (await listStores()).filter((s) => s.open).map((s) => ({ storeId: s.storeId, name: s.name, city: s.city }));
  const cmp = (a: string, b: string) => a.localeCompare(b, 'zh-CN');
  stores.sort((a, b) => cmp(a.city ?? '', b.city ?? '') || cmp(a.name, b.name) || cmp(a.storeId, b.storeId));
  return { stores };
}
