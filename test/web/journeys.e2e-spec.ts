import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, newContext, visit } from '../support/browser';
import { graphql } from '../support/graphql';
import { startApp, type RunningApp } from '../support/running-app';

/**
 * Three people's journeys through the pages on the demo data, one after another in one browser, each step clicked as
 * they would (links and forms, not typed addresses): a commissioner looking across councils, a board member recording
 * what the board decided, and an auditor checking what was known when and correcting an entry with its reason.
 */
describe('journeys through the pages on the demo', () => {
  let running: RunningApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const PLAN = 'worcestershire-2017-06';

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

  const follow = async (link: string) => Promise.all([page.waitForLoadState('load'), page.click(link)]);
  let beforeTheGrade = '';

  it('a commissioner filters the portfolio to the West Midlands, opens Worcestershire, then its priority plan', async () => {
    await visit(page, `${running.baseUrl}/`, 'journey-commissioner-portfolio');
    await page.selectOption('#region', 'WM');
    await follow('button:has-text("Filter councils")');
    expect(await page.locator('tr[data-la-code]').count()).toBe(1);
    await follow('tr[data-la-code="885"] th a');
    expect(new URL(page.url()).pathname).toBe('/councils/885');
    await visit(page, page.url(), 'journey-commissioner-council');
    // The journey as the slide tells it: inspection first, then the monitoring visits, in the slide's words.
    const journey = await page.locator('main ol').first().textContent();
    expect(journey).toMatch(/Ofsted/);
    await follow(`a[href^="/plans/${PLAN}"]`);
    expect(new URL(page.url()).pathname).toBe(`/plans/${PLAN}`);
    const priorities = await page.locator('section[data-priority-id] h3').allTextContents();
    expect(priorities.map((t) => t.trim())).toEqual([
      'Family Front Door',
      'Remodel the early help offer',
      'A child-focused and accountable culture',
      "Quality assurance: know what 'good' looks like",
    ]);
  });

  it('a board member records the board’s grade for a priority through the form, and sees it on the plan', async () => {
    beforeTheGrade = new Date().toISOString();
    await follow('[data-writes] a:has-text("Record a grade")');
    await visit(page, page.url(), 'journey-board-member-grade-form');
    await page.selectOption('#subject', 'priority:family-front-door');
    await page.check('input[name="grade"][value="amber"]');
    await page.check('input[name="gradedBy"][value="board"]');
    await page.fill('#evidence', 'Contacts audited in January: most answered within a day');
    await Promise.all([page.waitForURL(/recorded=grade/), page.click('button[type="submit"]')]);
    await visit(page, page.url(), 'journey-board-member-recorded');
    await expect(page.locator('[data-recorded]').textContent()).resolves.toMatch(/The grade was recorded/);
    await expect(
      page.locator('section[data-priority-id="family-front-door"] [data-latest-grade] strong[data-grade]').first().textContent(),
    ).resolves.toBe('Amber');
  });

  it('an auditor opens the plan’s history, finds the grade with who recorded it, and corrects it with a reason', async () => {
    await follow('a:has-text("History of this plan")');
    await visit(page, page.url(), 'journey-auditor-history');
    const row = page.locator('tr[data-type="ProgressGraded"]').last();
    await expect(row.textContent()).resolves.toMatch(/Contacts audited in January/);
    await expect(row.locator('[data-actor]').textContent()).resolves.toMatch(/development-principal/);
    const correct = row.locator('a[href$="/correct"]');
    await Promise.all([page.waitForLoadState('load'), correct.click()]);
    await visit(page, page.url(), 'journey-auditor-correct-form');
    await page.getByLabel('grade', { exact: true }).fill('red');
    await page.fill('#reason', 'The board minutes record red, not amber');
    await Promise.all([page.waitForURL(/recorded=correction/), page.click('button[type="submit"]')]);
    await visit(page, `${running.baseUrl}/plans/${PLAN}`, 'journey-auditor-corrected-plan');
    const correction = page.locator('section[data-priority-id="family-front-door"] [data-latest-grade] [data-correction]');
    await expect(correction.locator('[data-from]').textContent()).resolves.toBe('amber');
    await expect(correction.locator('[data-to]').textContent()).resolves.toBe('red');
    await expect(correction.locator('[data-reason]').textContent()).resolves.toBe('The board minutes record red, not amber');
  });

  it('the auditor then opens the plan as known before the grade: the past banner shows, and the priority is not graded', async () => {
    await page.fill('#knownAt', beforeTheGrade);
    await follow('.app-time-travel button[type="submit"]');
    await visit(page, page.url(), 'journey-auditor-known-before');
    await expect(page.locator('[data-past-banner]').count()).resolves.toBe(1);
    await expect(
      page.locator('section[data-priority-id="family-front-door"] [data-latest-grade] strong[data-grade]').first().textContent(),
    ).resolves.toBe('Not graded');
    await expect(page.locator('[data-writes]').count()).resolves.toBe(0);
  });

  it('the board pack since the grade lists it, and its checkpoint slip names the root hash of the checkpoint signed for the meeting', async () => {
    const signed = await graphql<{ signCheckpoint: { rootHash: string } }>(running.baseUrl, 'mutation { signCheckpoint { rootHash } }');
    expect(signed.errors).toBeUndefined();
    await visit(page, `${running.baseUrl}/plans/${PLAN}/board-pack?since=${beforeTheGrade.slice(0, 10)}`, 'journey-board-pack');
    const text = await page.locator('main').textContent();
    expect(text).toMatch(/amber/i);
    expect(text).toContain(signed.data!.signCheckpoint.rootHash);
  });
});
