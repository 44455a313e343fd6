import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { seedDemoMember } from '../../infra/local/seed-member';
import { startLocalStack, type Stack } from '../../infra/local/stack';
import { SHOTS, fill, launch, tap } from './browser';
import { appPages } from './app-pages';
import { scanPage } from './ui-scan';

/**
 * The UI rules, checked on every page of the app (read from miniapp/src/app.config.ts, so a new page is
 * covered without touching this file) as each kind of visitor, in Chromium at 390 × 844 over the H5
 * build, in the state a page opens in and in the error states a visitor provokes (each form submitted
 * empty, then with a bad value in every field):
 *
 * 1. No Latin words in front of people: every visible text, placeholder and input value the test did
 *    not type itself is searched for Latin letters; only the allow-list below passes.
 * 2. Every tappable element is at least 44 CSS px tall (Apple's 44 pt, WeChat's 88 rpx).
 *
 * Each rule fails once, listing every offender (page, role, text or element), not just the first.
 * Screenshots of each page per role go to test-results/e2e/ui-rules/.
 */

// ---------------------------------------------------------------------------------------------------
// The allow-list: Latin text a person may see. Kept narrow on purpose; each entry says why.
// ---------------------------------------------------------------------------------------------------

/** Removed from a text before it is searched for Latin words. */
const ALLOWED_PATTERNS: readonly { pattern: RegExp; why: string }[] = [
  // Units after a figure: 50ml, 1.5 kg, 30 cm.
  { pattern: /(?<=\d\s?)(?:kg|g|mg|ml|mL|L|cm|mm|m)(?![A-Za-z])/g, why: 'a unit after a figure' },
  // Order and return numbers a clerk types or reads from a receipt: the till's own (T or R + epoch ms,
  // and the proposed store-day-sequence S001-20261201-0007), the demo data's and the browser tests'.
  { pattern: /(?<![A-Za-z0-9])(?:[TR]\d{13}|S\d{3}-\d{8}-\d{4}|DEMO-\d{4,}|E2E-\d+)(?![A-Za-z0-9])/g, why: 'an order or return number a person types' },
  // Product codes printed on the packaging, typed on the scan page: 18 Crockford base-32 characters,
  // whole or in groups (0000-8001-3QXZ-7HT2K9).
  { pattern: /(?<![A-Za-z0-9-])(?:[0-9A-HJKMNP-TV-Z]-?){17}[0-9A-HJKMNP-TV-Z](?![A-Za-z0-9-])/g, why: 'a product code a person types' },
  // Complaint numbers a member reads out on the phone: C + the day + 6 Crockford characters.
  { pattern: /(?<![A-Za-z0-9])C\d{8}[0-9A-HJKMNP-TV-Z]{6}(?![A-Za-z0-9])/g, why: 'a complaint number a person reads out' },
  // The H5 build's stand-ins for wx.login and the phone-number button (测试 openid（H5 模拟微信登录）,
  // 手机号（H5 模拟微信手机号授权）): a developer's words, never in the WeChat build.
  { pattern: /测试 openid|H5(?= ?模拟微信)/g, why: 'the H5 stand-in for WeChat sign-in' },
  // Staff invite codes a manager reads out and the invited person types (issue 16): two groups of five
  // of the invite alphabet (no 0/O, 1/I), e.g. ABCDE-FGH23.
  { pattern: /(?<![A-Za-z0-9-])[A-HJ-NP-Z2-9]{5}-[A-HJ-NP-Z2-9]{5}(?![A-Za-z0-9-])/g, why: 'a staff invite code a person reads out or types' },
  // WeChat Pay order numbers (issue 17) the desk reads to WeChat Pay's support: HY + 14 digits + 10 of [0-9A-Z].
  { pattern: /(?<![A-Za-z0-9])HY\d{14}[0-9A-Z]{10}(?![A-Za-z0-9])/g, why: 'a payment number the desk reads out' },
];

/** What counts as a Latin word once the allowed patterns are gone. */
const LATIN_WORD = /[A-Za-z]+/g;

// ---------------------------------------------------------------------------------------------------
// Tap targets: what a finger may tap, and the least height it must have.
// ---------------------------------------------------------------------------------------------------

const MIN_TAP_HEIGHT = 44;

/** Elements a person taps. Anything drawn with cursor:pointer or given a tap handler (onClick) counts as well. */
const TAPPABLE_SELECTORS = [
  'button',
  'a[href]',
  'input[type=checkbox]',
  'input[type=radio]',
  '[role=button]',
  '[role=checkbox]',
  '[role=radio]',
  '[role=tab]',
  '[role=link]',
  'taro-button-core',
  'taro-navigator-core',
  'taro-checkbox-core',
  'taro-radio-core',
  'taro-switch-core',
  'taro-picker-core',
  '.nut-button',
  '.nut-checkbox',
  '.nut-radio',
  '.nut-switch',
  '.nut-tabbar-item',
  '.nut-tabs-titles-item',
  '.nut-cell-clickable',
  '.taro-tabbar__tabbar-item',
  '.kit-chip',
] as const;

// ---------------------------------------------------------------------------------------------------
// Who visits, and how the error states are provoked.
// ---------------------------------------------------------------------------------------------------

type RoleName = 'signed-out' | 'member' | 'clerk' | 'admin';

/** Demo data (infra/local/seed*.ts): a registered member with a purchase, a clerk on S001, an admin. */
const ROLES: readonly { name: RoleName; openid: string | null }[] = [
  { name: 'signed-out', openid: null },
  { name: 'member', openid: 'demo-member' },
  { name: 'clerk', openid: 'demo-staff' },
  { name: 'admin', openid: 'demo-admin' },
];

/**
 * Pages that show one thing (a coupon, a complaint) and need its id: reached as a person reaches them,
 * from their list, by tapping these in turn (the first match of each). Opened bare when that fails.
 */
const REACHED_FROM: Readonly<Record<string, { from: string; taps: readonly string[] }>> = {
  // Claims one in the coupon centre first if she has none.
  'pages/coupon/index': { from: 'pages/coupons/index', taps: ['[id^="claim-"]:not([disabled])', '#coupons-tab-wallet', '[id^="wallet-coupon-"]'] },
  'member/complaints/detail': { from: 'member/complaints/index', taps: ['[id^="complaint-row-"]'] },
  'member/survey/index': { from: 'member/surveys/index', taps: ['[id^="survey-row-"]'] },
  'admin/surveys/results': { from: 'admin/surveys/index', taps: ['[id^="survey-results-"]'] },
};

/** Buttons that submit a form: tapped once with the form as it opens (empty), once with bad values. */
const SUBMIT_SELECTOR = '[id$="-submit"], [id$="-save"]';

/** Typed into every visible field before the second submit: wrong for a figure, a phone, a date, a code. */
const BAD_VALUE = '-1';

// ---------------------------------------------------------------------------------------------------

const OUT = join(SHOTS, 'ui-rules');
const PAGES = appPages();

let stack: Stack;
let browser: Browser;

interface Offender {
  page: string;
  role: RoleName;
  state: string;
  what: string;
}
const latin: Offender[] = [];
const small: Offender[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  stack = await startLocalStack({ apiPort: 0, h5Port: 0, standInPort: 0, dynamoPort: 0, dataDir: null, tableName: 'huiyuan-e2e-ui-rules' });
  // demo-member as `npm start` has her: registered, a purchase, points, a complaint.
  await seedDemoMember(stack.urls.wechat);
  browser = await launch();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** The Latin words left in a text once the allow-list has taken what it allows; empty when it passes. */
function latinWords(text: string): string[] {
  let rest = text;
  for (const a of ALLOWED_PATTERNS) rest = rest.replace(a.pattern, ' ');
  return rest.match(LATIN_WORD) ?? [];
}

async function settle(page: Page) {
  await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => undefined);
  // A page still loading says 加载中…: give it a moment to finish.
  await page.waitForFunction(() => !document.body.innerText.includes('加载中'), undefined, { timeout: 3_000 }).catch(() => undefined);
  await page.waitForTimeout(300);
}

async function open(page: Page, path: string) {
  // A full load for each page (a hash change alone would keep the previous page in Taro's stack).
  await page.goto('about:blank');
  await page.goto(`${stack.urls.h5!}#/${path}`, { waitUntil: 'load' });
  await settle(page);
}

const slug = (path: string) => path.replace(/\/index$/, '').replace(/\//g, '-');

async function look(page: Page, path: string, role: RoleName, state: string, typed: string[]) {
  const name = `${role}--${slug(path)}${state === 'opened' ? '' : `--${state}`}`;
  await screenshot(page, join(OUT, `${name}.png`));
  const scan = await page.evaluate(scanPage, { typed, selectors: [...TAPPABLE_SELECTORS], minHeight: MIN_TAP_HEIGHT });
  const here = currentPath(page) || path;
  const label = here === path ? path : `${path} → ${here}`;
  for (const t of scan.texts) {
    const words = latinWords(t.text);
    if (words.length) latin.push({ page: label, role, state, what: `${t.where}: "${t.text.replace(/\s+/g, ' ').slice(0, 80)}" [${[...new Set(words)].join(' ')}]` });
  }
  for (const s of scan.small) small.push({ page: label, role, state, what: `${s.what} ${s.height}px` });
}

/** The whole page: Taro's H5 page scrolls inside its own container, so the window grows to show it all. */
async function screenshot(page: Page, path: string) {
  const height = await page.evaluate(() =>
    Math.max(document.documentElement.scrollHeight, ...Array.from(document.querySelectorAll('.taro_page, .taro_router, body')).map((e) => e.scrollHeight)),
  );
  const tall = Math.min(Math.max(height, 844), 6000);
  if (tall > 844) await page.setViewportSize({ width: 390, height: tall });
  await page.screenshot({ path }).catch(() => undefined);
  if (tall > 844) await page.setViewportSize({ width: 390, height: 844 });
}

function currentPath(page: Page): string {
  const hash = new URL(page.url()).hash.replace(/^#\/?/, '');
  return hash.split('?')[0] ?? '';
}

/** Taps every visible submit button of the page in turn, looking at the screen after each. */
async function submitAll(page: Page, path: string, role: RoleName, state: string, typed: string[]): Promise<boolean> {
  const ids = await page.$$eval(SUBMIT_SELECTOR, (els) =>
    els.filter((e) => (e as HTMLElement).offsetParent !== null && e.id).map((e) => e.id),
  );
  for (const id of [...new Set(ids)]) {
    const button = page.locator(`#${id}`).first();
    if (!(await button.isVisible().catch(() => false))) continue;
    await button.click({ timeout: 3_000 }).catch(() => undefined);
    await page.waitForTimeout(400);
    await settle(page);
    await look(page, path, role, `${state}-${id}`, typed);
    if (currentPath(page) !== path) return false; // it went elsewhere: nothing more to provoke here
  }
  return ids.length > 0;
}

/** Opens a page as a person arrives there: directly, or from its list when it needs an id (REACHED_FROM). */
async function arrive(page: Page, path: string) {
  const via = REACHED_FROM[path];
  await open(page, via ? via.from : path);
  if (!via) return;
  for (const selector of via.taps) {
    const target = page.locator(selector).first();
    if (!(await target.waitFor({ timeout: 3_000 }).then(() => true, () => false))) break;
    await target.click({ timeout: 3_000 }).catch(() => undefined);
    await settle(page);
  }
  if (currentPath(page) !== path) await open(page, path); // nothing to tap: the page without an id
}

/** Fills every visible, editable text field with the bad value; returns what it typed. */
async function fillBad(page: Page): Promise<string[]> {
  const fields = page.locator('input:not([type=checkbox]):not([type=radio]):not([type=hidden]):visible, textarea:visible');
  const n = await fields.count();
  for (let i = 0; i < n; i++) {
    const f = fields.nth(i);
    if (!(await f.isEditable().catch(() => false))) continue;
    await f.fill(BAD_VALUE, { timeout: 2_000 }).catch(() => undefined);
  }
  return [BAD_VALUE];
}

async function visitAll(role: (typeof ROLES)[number]) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(`${role.name}: ${e.message}`));
  try {
    if (role.openid) {
      await page.goto(stack.urls.h5!);
      await fill(page, 'login-openid', role.openid);
      await tap(page, 'login-submit');
      await page.locator('#login-openid').first().waitFor({ state: 'detached', timeout: 15_000 });
      await settle(page);
    }
    for (const path of PAGES) {
      await arrive(page, path);
      await look(page, path, role.name, 'opened', []);
      // Submitted as it opens (mostly empty)…
      if (!(await submitAll(page, path, role.name, 'empty', []))) continue;
      // …and with a bad value in every field.
      await arrive(page, path);
      if (currentPath(page) !== path) continue;
      const typed = await fillBad(page);
      await submitAll(page, path, role.name, 'bad', typed);
    }
  } finally {
    await context.close();
  }
}

/** One line per offender (page, role, what), in the first state it was seen in; repeats left out. */
function report(list: Offender[]): { count: number; text: string } {
  const seen = new Map<string, string>();
  for (const o of list) {
    const key = `${o.page} · ${o.role} · ${o.what.replace(/ [0-9.]+px$/, '')}`;
    if (!seen.has(key)) seen.set(key, `  ${o.page} · ${o.role} · ${o.what} (${o.state})`);
  }
  return { count: seen.size, text: [...seen.values()].join('\n') };
}

describe('every page, as every kind of visitor', () => {
  for (const role of ROLES) {
    test(`visits every page ${role.name === 'signed-out' ? 'signed out' : `as ${role.name} (${role.openid})`}`, async () => {
      await visitAll(role);
    }, 900_000);
  }

  test('no visible text holds Latin words outside the allow-list', () => {
    const r = report(latin);
    if (r.count) throw new Error(`${r.count} visible texts with Latin words (page · role · where: "text" [words] (state)):\n${r.text}`);
  });

  test('every tappable element is at least 44 px tall', () => {
    const r = report(small);
    if (r.count) throw new Error(`${r.count} tap targets under ${MIN_TAP_HEIGHT} px (page · role · element "text" height (state)):\n${r.text}`);
  });

  test('no page throws', () => {
    expect([...new Set(pageErrors)]).toEqual([]);
  });
});
