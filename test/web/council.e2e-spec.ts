import type { Browser, BrowserContext, Page } from 'playwright-core';
import { grantToken } from '../support/access';
import { launchBrowser, newContext, newContextWithoutJavaScript, visit } from '../support/browser';
import { graphql } from '../support/graphql';
import type { HistoryEdges } from '../support/graphql-types';
import { startApp, type RunningApp } from '../support/running-app';

/** The journey as the Worcestershire improvement board's slides tell it (test/timeline.e2e-spec.ts asks the API the same). */
const SLIDES: [string, string][] = [
  ['October & November 2016', 'inspection'],
  ['December 2016', 'plan'],
  ['January 2017', 'findings'],
  ['March/April 2017', 'review'],
  ['May 2017', 'monitoring visit'],
  ['June 2017', 'plan'],
  ['August 2017', 'appointment'],
  ['September 2017', 'review'],
  ['September 2017', 'monitoring visit'],
  ['October 2017', 'plan'],
];

/** The council page in a real browser, on the demo: Worcestershire's journey as its board showed it. */
describe('the council page (/councils/:laCode)', () => {
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

  const journey = () =>
    page.locator('[data-journey] > li').evaluateAll((items) =>
      items.map((li) => ({
        label: li.querySelector('[data-label]')?.textContent?.trim() ?? '',
        kind: li.getAttribute('data-kind') ?? '',
        uncertain: li.getAttribute('data-uncertain') === 'true',
        text: (li.textContent ?? '').replace(/\s+/g, ' ').trim(),
      })),
    );

  it("tells Worcestershire's journey on one line in the slide's order, with the slide's date words", async () => {
    await visit(page, `${running.baseUrl}/councils/885`, 'council-worcestershire');
    await expect(page.locator('h1').textContent()).resolves.toBe('Worcestershire');
    await expect(page.locator('.govuk-breadcrumbs').textContent()).resolves.toMatch(/Portfolio\s+Worcestershire/);
    const entries = await journey();
    let from = 0;
    for (const [label, kind] of SLIDES) {
      const found = entries.findIndex((e, i) => i >= from && e.label === label && e.kind === kind);
      expect({ label, kind, found: found >= 0 }).toEqual({ label, kind, found: true });
      from = found + 1;
    }
    expect(entries.find((e) => e.kind === 'findings')?.text).toMatch(/Inspection report published: 14 recommendations/);
    expect(entries.filter((e) => e.kind === 'priority').map((e) => e.label)).toEqual(Array(4).fill('July to September 2017'));
    // "Now", nothing on the journey is still to come, so nothing is marked uncertain.
    expect(entries.filter((e) => e.uncertain)).toEqual([]);
    // The slide as a line is an ordered list: without its styles it reads as a list, in order.
    await expect(page.locator('ol[data-journey]').count()).resolves.toBe(1);
  });

  it('lists the inspection, the visits with their lead inspector and findings, the intervention and the plans with links', async () => {
    await expect(page.locator('[data-inspections] tbody tr').first().textContent()).resolves.toMatch(/SIF[\s\S]*Inadequate/);
    const visits = page.locator('[data-visits] tbody tr');
    await expect(visits.count()).resolves.toBe(2);
    await expect(visits.nth(1).locator('[data-lead-inspector]').textContent()).resolves.toBe('Dominic Stevens');
    await expect(page.locator('[data-interventions]').textContent()).resolves.toMatch(/Statutory direction\s+In force/);
    const plans = await page.locator('[data-plans] tbody th a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    expect(plans).toEqual(['/plans/worcestershire-2016-12', '/plans/worcestershire-2017-06', '/plans/worcestershire-2017-10']);
    await expect(page.locator('a', { hasText: 'Upload an Ofsted report' }).getAttribute('href')).resolves.toBe('/councils/885/import');
    await expect(page.locator('a[href="/streams/authority-885"]').count()).resolves.toBe(1);
  });

  it('as of a date inside a span, marks that span uncertain in words, shows nothing later, and keeps the date in every link', async () => {
    await visit(page, `${running.baseUrl}/councils/885?asOf=2017-04-15`, 'council-worcestershire-as-of-2017-04-15');
    const entries = await journey();
    const review = entries.find((e) => e.kind === 'review');
    expect(review).toMatchObject({ label: 'March/April 2017', uncertain: true });
    expect(review?.text).toMatch(/Date uncertain/);
    expect(entries.filter((e) => e.uncertain).length).toBe(1);
    expect(entries.some((e) => e.kind === 'monitoring visit')).toBe(false);
    await expect(page.locator('[data-past-banner]').textContent()).resolves.toMatch(/as it stood on 15 April 2017/);
    const links = await page
      .locator('main a[href^="/"]:not(.govuk-notification-banner__link), .govuk-breadcrumbs a')
      .evaluateAll((anchors) => anchors.map((a) => a.getAttribute('href') ?? ''));
    const showNow = await page.locator('.app-time-travel a').evaluateAll((anchors) => anchors.map((a) => a.getAttribute('href')));
    const travelling = links.filter((href) => !showNow.includes(href));
    expect(travelling.length).toBeGreaterThan(5);
    expect(travelling.filter((href) => !href.includes('asOf=2017-04-15'))).toEqual([]);
    // A plan of the journey opens at the same date.
    await page.locator('[data-plans] tbody th a').first().click();
    expect(new URL(page.url()).searchParams.get('asOf')).toBe('2017-04-15');
  });

  it('as known at a time before the council was on record, says nothing was known then (200), with the way back to now', async () => {
    await visit(page, `${running.baseUrl}/councils/885?knownAt=2000-01-01`, 'council-known-at-2000');
    await expect(page.locator('[data-not-yet]').textContent()).resolves.toMatch(/Nothing of this council was on record at that time/);
    await expect(page.locator('[data-journey]').count()).resolves.toBe(0);
    await expect(page.locator('[data-past-banner]').textContent()).resolves.toMatch(/known at 1 January 2000/);
    await expect(page.locator('.govuk-breadcrumbs a').first().getAttribute('href')).resolves.toBe('/?knownAt=2000-01-01T23%3A59%3A59.999Z');
  });

  it('answers a council not on record with the not-found page', async () => {
    await visit(page, `${running.baseUrl}/councils/999`, 'council-unknown', 404);
    await expect(page.locator('h1').textContent()).resolves.toBe('Page not found');
  });

  it('answers hostile addresses with a plain 4xx page and runs nothing', async () => {
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    // A path parameter of 10,000 characters reaches the page (not Fastify's own 414 JSON echoing the path), whose rule
    // refuses it on the service's error page, with its headers.
    const long = `${running.baseUrl}/councils/${'8'.repeat(10_000)}%3Cscript%3Ealert(2)%3C%2Fscript%3E`;
    await visit(page, long, 'council-long-path', 400);
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toMatch(/laCode.*must be a three-digit la_code/s);
    await visit(page, `${running.baseUrl}/plans/${'p'.repeat(10_000)}`, 'plan-long-path', 404);
    await expect(page.locator('h1').textContent()).resolves.toBe('Page not found');
    await visit(page, `${running.baseUrl}/councils/%3Cscript%3Ealert(1)%3C%2Fscript%3E`, 'council-hostile', 400);
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toMatch(/laCode.*must be a three-digit la_code/s);
    expect(await page.content()).not.toContain('<script>alert(1)');
    expect(dialogs).toEqual([]);
  });

  it('refuses a reader without a role for the council (403), and shows it to one with', async () => {
    const { token } = await grantToken(running.baseUrl, 'viewer', ['344'], { displayName: 'A Wirral viewer' });
    const reader = await browser.newContext({ extraHTTPHeaders: { authorization: `Bearer ${token}` } });
    try {
      const own = await reader.newPage();
      await visit(own, `${running.baseUrl}/councils/885`, 'council-forbidden', 403);
      await expect(own.locator('h1').textContent()).resolves.toBe('You do not have access to this page');
      await expect(own.content()).resolves.not.toMatch(/Statutory direction/);
      await visit(own, `${running.baseUrl}/councils/344`, 'council-wirral-as-viewer');
      await expect(own.locator('h1').textContent()).resolves.toBe('Wirral');
    } finally {
      await reader.close();
    }
  });

  it('marks a corrected entry of the journey and links it to the correction in the history', async () => {
    const history = await graphql<HistoryEdges<{ eventId: string; type: string }>>(
      running.baseUrl,
      `
        {
          history(streamId: "authority-885") {
            edges {
              node {
                eventId
                type
              }
            }
          }
        }
      `,
    );
    const inspection = history.data!.history.edges.find((e) => e.node.type === 'InspectionRecorded')!.node.eventId;
    const corrected = await graphql(
      running.baseUrl,
      `
        mutation ($input: CorrectEventInput!) {
          correctEvent(input: $input) {
            revision
          }
        }
      `,
      {
        input: {
          streamId: 'authority-885',
          eventId: inspection,
          changes: { publishedOn: '2017-01-25' },
          reason: "Ofsted's site gives 25 January",
        },
      },
    );
    expect(corrected.errors).toBeUndefined();
    await visit(page, `${running.baseUrl}/councils/885`, 'council-worcestershire-corrected');
    await expect(page.locator('[data-inspections]').textContent()).resolves.toMatch(/Published 25 January 2017/);
    const entry = page.locator('[data-journey] > li[data-kind="inspection"]');
    await entry.locator('a', { hasText: 'Corrected' }).click();
    expect(new URL(page.url()).pathname).toBe('/streams/authority-885');
    expect(new URL(page.url()).hash).toBe(`#event-${inspection}`);
    await expect(page.locator(`tr[data-event-id="${inspection}"] [data-corrected-by]`).textContent()).resolves.toMatch(
      /Ofsted's site gives 25 January/,
    );
  });

  it('works without JavaScript: the journey and the findings are there, and the findings open', async () => {
    const plain = await newContextWithoutJavaScript(browser);
    try {
      const noJs = await plain.newPage();
      await visit(noJs, `${running.baseUrl}/councils/885`, 'council-worcestershire-no-js');
      await expect(noJs.locator('[data-journey] > li').count()).resolves.toBeGreaterThanOrEqual(SLIDES.length);
      const findings = noJs.locator('[data-inspections] details').first();
      await findings.locator('summary').click();
      const recommendations = findings.locator('.govuk-details__text ul').first();
      await expect(recommendations.isVisible()).resolves.toBe(true);
      await expect(recommendations.locator('li').count()).resolves.toBe(14);
    } finally {
      await plain.close();
    }
  });
});
