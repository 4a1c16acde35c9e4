import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, newContext, newContextWithoutJavaScript, visit } from '../support/browser';
import { graphql } from '../support/graphql';
import { startApp, type RunningApp } from '../support/running-app';

/**
 * Every page and every form of the service, on the demo, opened twice: with JavaScript (axe-core's WCAG 2.2 A and AA
 * rules, no console error) and without it (the page answers and shows its heading and content: nothing needs a script).
 * A page added later belongs in this list.
 */
describe('every page, with and without JavaScript', () => {
  let running: RunningApp;
  let browser: Browser;
  let withScript: BrowserContext;
  let withoutScript: BrowserContext;
  let page: Page;
  let plain: Page;
  let eventId = '';

  beforeAll(async () => {
    running = await startApp({ env: { LEDGER_SEED_DEMO: 'true' } });
    browser = await launchBrowser();
    withScript = await newContext(browser);
    withoutScript = await newContextWithoutJavaScript(browser);
    page = await withScript.newPage();
    plain = await withoutScript.newPage();
    const history = await graphql<{ history: { edges: { node: { eventId: string; type: string } }[] } }>(
      running.baseUrl,
      '{ history(streamId: "plan-worcestershire-2017-06", first: 50) { edges { node { eventId type } } } }',
    );
    eventId = history.data!.history.edges.find((e) => e.node.type === 'PrioritySet')!.node.eventId;
  });
  afterAll(async () => {
    await browser?.close();
    await running?.stop();
  });

  const pages = (): [string, string][] => [
    ['portfolio', '/'],
    ['portfolio-as-of', '/?asOf=2017-09-30&knownAt=2026-01-01'],
    ['council', '/councils/885'],
    ['council-wirral', '/councils/344'],
    ['plan', '/plans/worcestershire-2017-06'],
    ['plan-current', '/plans/worcestershire-2017-10'],
    ['history-plan', '/streams/plan-worcestershire-2017-06'],
    ['history-council', '/streams/authority-885'],
    ['board-pack', '/plans/worcestershire-2017-06/board-pack?since=2017-01-01'],
    ['form-grade', '/plans/worcestershire-2017-06/grades/new'],
    ['form-board-meeting', '/plans/worcestershire-2017-06/board-meetings/new'],
    ['form-add-action', '/plans/worcestershire-2017-06/actions/new'],
    ['form-correct', `/streams/plan-worcestershire-2017-06/events/${eventId}/correct`],
    ['form-retract', `/streams/plan-worcestershire-2017-06/events/${eventId}/retract`],
    ['form-import', '/councils/885/import'],
    ['not-found', '/plans/no-such-plan'],
  ];

  it('passes axe-core with JavaScript on, and shows its heading and content with JavaScript off', async () => {
    for (const [name, path] of pages()) {
      const status = name === 'not-found' ? 404 : 200;
      await visit(page, `${running.baseUrl}${path}`, `every-${name}`, status);
      await visit(plain, `${running.baseUrl}${path}`, `every-${name}-no-js`, status);
      const heading = (await plain.locator('main h1').first().textContent())?.trim();
      expect({ path, heading: Boolean(heading) }).toEqual({ path, heading: true });
      // Without a script the page carries the same content: compared by its headings, which name every section.
      const headings = async (p: Page) => (await p.locator('main h1, main h2, main h3').allTextContents()).map((h) => h.trim());
      expect({ path, headings: await headings(plain) }).toEqual({ path, headings: await headings(page) });
    }
  });
});
