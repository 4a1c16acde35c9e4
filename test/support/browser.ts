import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const require = createRequire(import.meta.url);

/** Debian's Chromium, installed by scripts/install-chromium.sh (which .ci/run runs when it is missing). */
export const CHROMIUM = process.env.LEDGER_CHROMIUM ?? '/usr/bin/chromium';

/** Where the tests leave a screenshot of every page they open, for a reviewer to look at (git-ignored). */
export const SCREENSHOTS = join(process.cwd(), 'test-results', 'screenshots');

/**
 * Headless Chromium as the machine's probe starts it: without background networking (a closed network refuses its
 * calls home) and with a fresh profile. Throws with the install command when Chromium is missing, rather than skip:
 * the pages are tested in a real browser or not at all.
 */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: run scripts/install-chromium.sh (or set LEDGER_CHROMIUM)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

export async function newContext(browser: Browser, options: { javaScript?: boolean } = {}): Promise<BrowserContext> {
  return browser.newContext({ javaScriptEnabled: options.javaScript ?? true, viewport: { width: 1280, height: 900 } });
}

export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: { target: string[]; html: string }[];
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core's WCAG 2.0, 2.1 and 2.2 A and AA rules (and its best practices) on the page as it stands. The script is
 * added through the DevTools protocol, so the page's Content-Security-Policy (no inline scripts) is left as served.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  // Run as text in the page: the test's own compiler has no DOM types, and the page has no module system.
  return page.evaluate(`axe
    .run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } })
    .then((result) => result.violations)`) as Promise<AxeViolation[]>;
}

/** A readable account of violations, for a failing assertion's message. */
export const describeViolations = (violations: readonly AxeViolation[]): string =>
  violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`).join('\n');

/** Saves a full-page screenshot under test-results/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name.replace(/[^a-z0-9-]+/gi, '-')}.png`), fullPage: true });
}

/**
 * Opens a page as a person would and checks what every page must hold: it answered `status`, axe-core finds no
 * violation, the browser logged no error (a script or a style the policy refused), and a screenshot is kept.
 */
export async function visit(page: Page, url: string, name: string, status = 200): Promise<void> {
  // With JavaScript off nothing can run in the page, axe-core included: such a visit checks the answer and keeps a
  // screenshot; the same page is checked by axe-core with JavaScript on.
  const scripted = await javaScriptOn(page);
  const errors: string[] = [];
  const onConsole = (message: { type(): string; text(): string }) => {
    if (message.type() === 'error') errors.push(message.text());
  };
  page.on('console', onConsole);
  try {
    const response = await page.goto(url);
    if (response?.status() !== status) throw new Error(`${url} answered ${response?.status()}, not ${status}`);
    await screenshot(page, name);
    const violations = scripted ? await axeViolations(page) : [];
    if (violations.length > 0) throw new Error(`axe-core on ${url}:\n${describeViolations(violations)}`);
    // A refused resource is logged as it happens; errors for a wrongly answered status (our own 4xx pages) are expected.
    const unexpected = errors.filter(
      (e) => !/Failed to load resource: the server responded with a status of 4\d\d/.test(e) || status < 400,
    );
    if (unexpected.length > 0) throw new Error(`the browser logged errors on ${url}:\n${unexpected.join('\n')}`);
  } finally {
    page.off('console', onConsole);
  }
}

const noScript = new WeakSet<BrowserContext>();

/** A context whose pages run no JavaScript: the no-JS visits of every page. */
export async function newContextWithoutJavaScript(browser: Browser): Promise<BrowserContext> {
  const context = await newContext(browser, { javaScript: false });
  noScript.add(context);
  return context;
}

async function javaScriptOn(page: Page): Promise<boolean> {
  return !noScript.has(page.context());
}
