/**
 * One look at a page in the browser, for the UI rules test (tests/e2e/ui-rules.test.ts): the texts a
 * person can see and the tap targets shorter than a minimum. Passed to page.evaluate, so it is one
 * self-contained function.
 */

/** What one look at the screen finds: the visible texts (with where they are) and the tappables too short. */
export interface Scan {
  texts: { text: string; where: string }[];
  small: { what: string; height: number }[];
}

/** Runs in the page: collects visible text, placeholders, untyped input values and short tap targets. */
export function scanPage(args: { typed: string[]; selectors: string[]; minHeight: number }): Scan {
  const typed = new Set(args.typed);
  const visible = (el: Element): boolean => {
    const anyEl = el as Element & { checkVisibility?: (o: object) => boolean };
    if (anyEl.checkVisibility && !anyEl.checkVisibility({ opacityProperty: true, visibilityProperty: true })) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };
  const describe = (el: Element): string => {
    const id = el.id ? `#${el.id}` : '';
    const cls = typeof el.className === 'string' && el.className.trim() ? `.${el.className.trim().split(/\s+/).slice(0, 3).join('.')}` : '';
    const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 30);
    return `${el.tagName.toLowerCase()}${id}${cls}${text ? ` "${text}"` : ''}`;
  };

  const texts: Scan['texts'] = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const text = (n.textContent ?? '').replace(/\s+/g, ' ').trim();
    const parent = n.parentElement;
    if (!text || !parent || /^(SCRIPT|STYLE|NOSCRIPT|TEMPLATE)$/.test(parent.tagName)) continue;
    if (!visible(parent)) continue;
    const range = document.createRange();
    range.selectNodeContents(n);
    if (!Array.from(range.getClientRects()).some((r) => r.width > 0 && r.height > 0)) continue;
    texts.push({ text, where: describe(parent).split(' "')[0]! });
  }
  for (const input of Array.from(document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input, textarea'))) {
    if (!visible(input) || (input instanceof HTMLInputElement && /^(checkbox|radio|hidden)$/.test(input.type))) continue;
    const host = input.closest('[id]');
    const where = `${input.tagName.toLowerCase()}${host ? `#${host.id}` : ''}`;
    // A field marked .typed-id holds an id a person pastes from elsewhere (a WeChat template number): its value is theirs.
    if (input.value && !typed.has(input.value) && !input.closest('.typed-id')) texts.push({ text: input.value, where: `${where} value` });
    if (!input.value && input.placeholder) texts.push({ text: input.placeholder, where: `${where} placeholder` });
  }

  // Tappables: the listed selectors, anything drawn with a pointer (its topmost pointer element) and
  // anything given an onClick (a Taro View with onClick is a tap target too).
  const candidates = new Set<Element>(Array.from(document.querySelectorAll(args.selectors.join(','))));
  for (const el of Array.from(document.body.querySelectorAll('*'))) {
    const style = getComputedStyle(el);
    if (style.cursor === 'pointer' && (!el.parentElement || getComputedStyle(el.parentElement).cursor !== 'pointer')) candidates.add(el);
    // Taro's components keep their handlers in __events (click, tap); plain React elements in __reactProps$….
    const own = el as unknown as Record<string, { onClick?: unknown; onTap?: unknown; click?: unknown; tap?: unknown } | undefined>;
    const events = own.__events;
    if (events && (events.click || events.tap)) candidates.add(el);
    const propsKey = Object.keys(el).find((k) => k.startsWith('__reactProps$'));
    const props = propsKey ? own[propsKey] : undefined;
    if (props && (typeof props.onClick === 'function' || typeof props.onTap === 'function')) candidates.add(el);
  }
  // A tappable inside another counts once: the outermost is what the finger meets.
  const outermost = [...candidates].filter((el) => {
    for (let p = el.parentElement; p; p = p.parentElement) if (candidates.has(p)) return false;
    return true;
  });
  const shortOnes: Scan['small'] = [];
  for (const el of outermost) {
    if (!visible(el)) continue;
    const h = el.getBoundingClientRect().height;
    if (h + 0.01 < args.minHeight) shortOnes.push({ what: describe(el), height: Math.round(h * 10) / 10 });
  }
  return { texts, small: shortOnes };
}
