/** Stores, managed by admins (issue 16): list, create, update (incl. open/closed); every change audited. */
import type { CreateStoreRequest, Store, UpdateStoreRequest } from '../../shared/contract';
import { getStore, listStores, type StoreRecord } from '../adapters/dynamo/brand-repo';
import { saveNewStore, saveStore } from '../adapters/dynamo/staff-repo';
import { clock } from '../lib/clock';
import { fail } from '../lib/errors';
import type { Session } from '../lib/session';

const view = (s: StoreRecord): Store => ({ storeId: s.storeId, name: s.name, city: s.city, address: s.address, open: s.open, updatedAt: s.updatedAt });
const cmp = (a: string, b: string) => a.localeCompare(b, 'zh-CN');

export async function adminStores(): Promise<{ stores: Store[] }> {
  const stores = await listStores();
  stores.sort((a, b) => Number(b.open) - Number(a.open) || cmp(a.city ?? '', b.city ?? '') || cmp(a.storeId, b.storeId));
  return { stores: stores.map(view) };
}

export async function createStore(session: Session, body: CreateStoreRequest): Promise<Store> {
  const at = clock.now().toISOString();
  const store: StoreRecord = { storeId: body.storeId, name: body.name, city: body.city, address: body.address || null, open: true, updatedAt: at };
  const out = await saveNewStore(store, { at, actor: session.openid, action: 'store.create', target: `store:${store.storeId}`, before: null, after: view(store) });
  if (!out.ok) throw fail('store_exists', `store ${body.storeId} exists`, [{ path: 'storeId', message: 'taken' }]);
  return view(store);
}

/** The store as a whole; closing it stops its till (checkouts answer store_closed) and hides it from members. */
export async function updateStore(session: Session, storeId: string, body: UpdateStoreRequest): Promise<Store> {
  const before = await getStore(storeId);
  if (!before) throw fail('store_not_found', `no store ${storeId}`);
  const at = clock.now().toISOString();
  const next: StoreRecord = { storeId, name: body.name, city: body.city, address: body.address === undefined ? before.address : body.address || null, open: body.open, updatedAt: at };
  const action = before.open && !next.open ? 'store.close' : !before.open && next.open ? 'store.reopen' : 'store.update';
  const out = await saveStore(before, next, { at, actor: session.openid, action, target: `store:${storeId}`, before: view(before), after: view(next) });
  if (!out.ok) throw fail('conflict', 'the store was changed meanwhile; reload and try again');
  return view(next);
}
