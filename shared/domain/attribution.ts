/**
 * Store attribution (门店拉新归属): the store whose poster brought a member in. A store's poster
 * opens the mini-program with `store=S001` in one of three shapes: a page query (`?store=S001`), a
 * mini-program code's `scene` (`store=S001`, URL-encoded, at most 32 characters), or an ordinary QR
 * link opened in WeChat, whose whole URL arrives URL-encoded in `q`. Pure: no Taro, no I/O.
 */
const STORE_ID = /^[A-Za-z0-9_-]{1,32}$/;

function storeIn(text: string): string | null {
  const m = /(?:^|[?&])store=([^&#]*)/.exec(text);
  if (!m) return null;
  let v: string;
  try {
    v = decodeURIComponent(m[1]!);
  } catch {
    return null;
  }
  return STORE_ID.test(v) ? v : null;
}

export function storeFromLaunch(query: Record<string, string | undefined> | null | undefined): string | null {
  if (!query) return null;
  if (query.store && STORE_ID.test(query.store)) return query.store;
  for (const key of ['scene', 'q'] as const) {
    const raw = query[key];
    if (!raw) continue;
    let text: string;
    try {
      text = decodeURIComponent(raw);
    } catch {
      continue;
    }
    const s = storeIn(text);
    if (s) return s;
  }
  return null;
}
