/**
 * Store attribution (门店拉新归属): the store whose poster brought a member in. A store's poster
 * opens the mini-program with `store=S001` in one of three shapes: a page query (`?store=S001`), a
 * mini-program code's `scene` (`store=S001`, URL-encoded, at most 32 characters), or an ordinary QR
 * link opened in WeChat, whose whole URL arrives URL-encoded in `q`. Pure: no Taro, no I/O.
 */
const STORE_ID = /^[A-Za-z0-9_-]{1,32}$/;
/**
 * A growth code (issue 19): a member's referral code (`ref=`) or a clerk's registration code (`clerk=`):
 * 8 characters without look-alikes (no 0/O, 1/I), so `store=S001&clerk=ABCD2345` fits a scene's 32.
 */
export const GROWTH_CODE = /^[A-HJ-NP-Z2-9]{8}$/;

/** The page every growth code opens (a poster's mini-program code names it; the launch is read there). */
export const HOME_PAGE = 'pages/index/index';

/** A store poster's mini-program code `scene`: new members who scan it are credited to the store. */
export const storeScene = (storeId: string) => `store=${storeId}`;

function paramIn(text: string, name: string, shape: RegExp): string | null {
  const m = new RegExp(`(?:^|[?&])${name}=([^&#]*)`).exec(text);
  if (!m) return null;
  let v: string;
  try {
    v = decodeURIComponent(m[1]!);
  } catch {
    return null;
  }
  return shape.test(v) ? v : null;
}

/** One launch parameter, from the page query itself or from a `scene` / `q` it carries. */
function fromLaunch(query: Record<string, string | undefined> | null | undefined, name: string, shape: RegExp): string | null {
  if (!query) return null;
  const direct = query[name];
  if (direct && shape.test(direct)) return direct;
  for (const key of ['scene', 'q'] as const) {
    const raw = query[key];
    if (!raw) continue;
    let text: string;
    try {
      text = decodeURIComponent(raw);
    } catch {
      continue;
    }
    const s = paramIn(text, name, shape);
    if (s) return s;
  }
  return null;
}

export function storeFromLaunch(query: Record<string, string | undefined> | null | undefined): string | null {
  return fromLaunch(query, 'store', STORE_ID);
}

/** Who brought her in, as the launch says: a store's poster, a clerk's QR (store and clerk), a member's invitation. */
export interface LaunchAttribution {
  storeId: string | null;
  clerkCode: string | null;
  referralCode: string | null;
}

export function attributionFromLaunch(query: Record<string, string | undefined> | null | undefined): LaunchAttribution {
  return {
    storeId: storeFromLaunch(query),
    clerkCode: fromLaunch(query, 'clerk', GROWTH_CODE),
    referralCode: fromLaunch(query, 'ref', GROWTH_CODE),
  };
}
