import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, newContext, newContextWithoutJavaScript, visit } from '../support/browser';
import { startApp, type RunningApp } from '../support/running-app';

/** The portfolio page in a real browser, on the demo: what a commissioner opens every morning. */
describe('the portfolio page (/)', () => {
  let running: RunningApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    running = await startApp({ env: { LEDGER_SEED_DEMO: 'true' } });
    browser = await launchBrowser();
    context = await newContext(browser);
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await running?.stop();
  });

  const rowOf = (laCode: string) => page.locator(`tr[data-la-code="${laCode}"]`);

  it('lists every council of the demo with its latest judgement, intervention and latest monitoring visit', async () => {
    await visit(page, `${running.baseUrl}/`, 'portfolio');
    await expect(page.locator('h1').textContent()).resolves.toBe('Councils and their improvement plans');
    const worcestershire = rowOf('885');
    await expect(worcestershire.locator('th a').textContent()).resolves.toBe('Worcestershire');
    const cells = await worcestershire.locator('td').allTextContents();
    expect(cells[0].trim()).toBe('Inadequate');
    expect(cells[1]).toMatch(/since March 2017/);
    expect(cells[2]).toMatch(/Visit 2/);
    expect(await page.locator('tr[data-la-code]').count()).toBe(3);
  });

  it('filters by region, given by the register code, and keeps the filter in the URL', async () => {
    await page.selectOption('#region', 'WM');
    await page.click('button:has-text("Filter councils")');
    expect(new URL(page.url()).searchParams.get('region')).toBe('WM');
    expect(await page.locator('tr[data-la-code]').count()).toBe(1);
    await expect(rowOf('885').count()).resolves.toBe(1);
  });

  it('filters by latest judgement', async () => {
    await visit(page, `${running.baseUrl}/?judgement=inadequate`, 'portfolio-inadequate');
    const codes = await page.locator('tr[data-la-code]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-la-code')));
    expect(codes.sort()).toEqual(['344', '885']);
  });

  it('shows the past with a banner, and councils not yet on record are not listed', async () => {
    await visit(page, `${running.baseUrl}/?knownAt=2000-01-01`, 'portfolio-known-at-2000');
    await expect(page.locator('[data-past-banner]').textContent()).resolves.toMatch(/as it was known at 1 January 2000/);
    expect(await page.locator('tr[data-la-code]').count()).toBe(0);
    await page.click('[data-past-banner] a');
    expect(new URL(page.url()).search).toBe('');
    expect(await page.locator('tr[data-la-code]').count()).toBe(3);
  });

  it('refuses a date that is not one, naming the field and the rule, with status 400', async () => {
    await visit(page, `${running.baseUrl}/?asOf=2018-02-30`, 'portfolio-bad-date', 400);
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toMatch(/asOf.*must be a real date/s);
  });

  it('works without JavaScript', async () => {
    const plain = await newContextWithoutJavaScript(browser);
    try {
      const noJs = await plain.newPage();
      await visit(noJs, `${running.baseUrl}/`, 'portfolio-no-js');
      await noJs.selectOption('#judgement', 'inadequate');
      await noJs.click('button:has-text("Filter councils")');
      expect(await noJs.locator('tr[data-la-code]').count()).toBe(2);
    } finally {
      await plain.close();
    }
  });
});
