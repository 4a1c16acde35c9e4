import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, newContext, newContextWithoutJavaScript, visit } from '../support/browser';
import { startApp, type RunningApp } from '../support/running-app';
import { expectAccessible, formFields, historyOf } from './forms-support';

const REPORT = join(process.cwd(), '..', 'shared', 'fixtures', 'ofsted', 'reports', 'worcestershire-2019-07-29.pdf');

/**
 * Importing an Ofsted report through the page: upload, review the draft (each field found or not, the match with the
 * record), apply exactly that draft; applying the same document again records nothing more.
 */
describe('the import form (/councils/:laCode/import)', () => {
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

  const form = () => `${running.baseUrl}/councils/885/import`;
  const events = () => historyOf(running.baseUrl, 'authority-885');

  async function send(target: Page): Promise<void> {
    await Promise.all([target.waitForLoadState('load'), target.waitForEvent('framenavigated'), target.keyboard.press('Enter')]);
  }

  it('sent without a document shows the error summary against the file field', async () => {
    await visit(page, form(), 'forms-import');
    await page.locator('form[data-form="import"] button').focus();
    await send(page);
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toMatch(/The report must be chosen/);
    await expect(page.locator('.govuk-error-summary a[href="#document"]').count()).resolves.toBe(1);
    await expectAccessible(page, 'forms-import-errors');
  });

  it('refuses an upload without the CSRF token before reading it', async () => {
    const before = await events();
    const response = await context.request.post(form(), {
      multipart: { document: { name: 'report.txt', mimeType: 'text/plain', buffer: Buffer.from('Ofsted') } },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(403);
    expect(await events()).toHaveLength(before.length);
  });

  (existsSync(REPORT) ? it : it.skip)(
    "shows a real report's draft with what was read and how it matches, Apply records it, and the same report again is already on record",
    async () => {
      const before = await events();
      await visit(page, form(), 'forms-import-upload');
      await page.setInputFiles('#document', REPORT);
      await page.locator('form[data-form="import"] button').focus();
      await send(page);
      expect(page.url()).toMatch(/\/councils\/885\/import\/drafts\/[A-Za-z0-9_-]{32}$/);
      await expectAccessible(page, 'forms-import-draft');
      await expect(page.locator('[data-match]').getAttribute('data-match')).resolves.toBe('new');
      await expect(page.locator('tr[data-field="Overall effectiveness"]').textContent()).resolves.toMatch(
        /requires improvement to be good.*found/s,
      );
      await expect(page.locator('tr[data-field="Council"]').textContent()).resolves.toMatch(/Worcestershire/);
      // Nothing recorded by reading it.
      expect(await events()).toHaveLength(before.length);

      // The Apply form carries its token and nothing else: what is recorded is the draft kept on the server.
      expect(Object.keys(await formFields(page, 'form[data-form="apply"]'))).toEqual(['_csrf']);
      const forged = await context.request.post(page.url(), { form: { _csrf: 'not.this' }, maxRedirects: 0 });
      expect(forged.status()).toBe(403);
      expect(await events()).toHaveLength(before.length);
      await page.locator('#apply').focus();
      await send(page);
      expect(page.url()).toMatch(/\/councils\/885\?recorded=import$/);
      const applied = await events();
      expect(applied.length).toBeGreaterThan(before.length);
      expect(applied.some((event) => event.type === 'InspectionRecorded' && event.data.overall === 'requires improvement to be good')).toBe(
        true,
      );

      // The same report again: already on record, and applying it records nothing more.
      await visit(page, form(), 'forms-import-again');
      await page.setInputFiles('#document', REPORT);
      await page.locator('form[data-form="import"] button').focus();
      await send(page);
      await expect(page.locator('[data-match]').getAttribute('data-match')).resolves.toBe('already on record');
      await expectAccessible(page, 'forms-import-already');
      await page.locator('#apply').focus();
      await send(page);
      expect(page.url()).toMatch(/recorded=import-already$/);
      expect(await events()).toHaveLength(applied.length);
    },
  );

  it('a draft is found only by the person who uploaded it, and an unknown one is a page not found', async () => {
    await visit(page, `${form()}/drafts/${'x'.repeat(32)}`, 'forms-import-no-draft', 404);
  });

  it('the upload form works with JavaScript off', async () => {
    const plain = await newContextWithoutJavaScript(browser);
    try {
      const noJs = await plain.newPage();
      await visit(noJs, form(), 'forms-import-no-js');
      await noJs.click('form[data-form="import"] button');
      await expect(noJs.locator('.govuk-error-summary').textContent()).resolves.toMatch(/The report must be chosen/);
    } finally {
      await plain.close();
    }
  });
});
