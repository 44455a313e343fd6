import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const ROOT = join(__dirname, '..', '..');
export const SHOTS = join(ROOT, 'test-results', 'e2e');

export function chromiumPath(): string {
  for (const p of [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean) as string[]) {
    if (existsSync(p)) return p;
  }
  throw new Error('Chromium not found: npm test installs it through infra/local/bootstrap.mjs (apt-get install chromium)');
}

/** Headless Debian Chromium; flags keep it from reaching outside hosts. */
export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--lang=zh-CN'],
  });
}

export function buildH5() {
  execFileSync('npm', ['run', 'build:h5'], { cwd: ROOT, stdio: 'pipe' });
}

export async function shot(page: Page, name: string) {
  mkdirSync(SHOTS, { recursive: true });
  const path = join(SHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Types into a Taro Input on H5, whose id may sit on the <input> or on its wrapper. */
export async function fill(page: Page, id: string, value: string) {
  const loc = page.locator(`input#${id}, #${id} input, textarea#${id}, #${id} textarea`).first();
  await loc.fill(value);
}

export async function tap(page: Page, id: string) {
  await page.locator(`#${id}`).first().click();
}

/** Waits until the element's text contains `text` (10 s), else fails with what it found. */
export async function expectText(page: Page, selector: string, text: string) {
  await page.locator(selector).first().waitFor().catch(async (e: unknown) => {
    // Never shown: say what the page said instead (an error note), so a failure names its cause.
    const notes = (await page.locator('.error').allTextContents().catch(() => [] as string[])).map((t) => t.trim()).filter(Boolean);
    throw new Error(`${selector} never showed${notes.length ? `; the page says: ${notes.join(' | ')}` : ''} (${String((e as Error).message).split('\n')[0]})`);
  });
  await page.waitForFunction(
    ([s, t]) => (document.querySelector(s!)?.textContent ?? '').includes(t!),
    [selector, text],
    { timeout: 10_000 },
  ).catch(async () => {
    const actual = await page.locator(selector).first().textContent();
    throw new Error(`expected ${selector} to contain "${text}", found "${actual}"`);
  });
}


/** A person in their own browser profile, signed in (H5: the dev login stands in for wx.login). */
export async function signIn(browser: Browser, h5Url: string, openid: string, errors: string[]): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' })).newPage();
  page.on('pageerror', (e) => errors.push(`${openid}: ${e.message}`));
  await page.goto(h5Url);
  await fill(page, 'login-openid', openid);
  await tap(page, 'login-submit');
  // Signed in only once the session is stored: a caller that navigates before that would land signed out.
  await page.waitForFunction(() => localStorage.getItem('huiyuan.session') !== null, undefined, { timeout: 60_000 });
  return page;
}

/** Registers the signed-in person with a phone number and waits for the member home. */
export async function registerWithPhone(page: Page, phone: string) {
  await page.locator('#consent-checkbox').first().waitFor();
  await fill(page, 'phone-input', phone);
  await tap(page, 'consent-checkbox');
  await tap(page, 'phone-submit');
  await page.locator('#home-tier').first().waitFor();
}

/**
 * Confirms the H5 pay sheet (模拟微信支付, what requestPayment opens off WeChat) and waits until it has gone,
 * so what follows (and a screenshot) sees the page, not the closing sheet.
 */
export async function confirmPaySheet(page: Page) {
  const confirm = page.locator('.taro-modal__foot').getByText('确认支付', { exact: true }).first();
  await confirm.waitFor({ timeout: 15_000 });
  await confirm.click();
  await confirm.waitFor({ state: 'hidden', timeout: 15_000 });
}
