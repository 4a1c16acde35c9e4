import { ManualClock } from '@plan-ledger/event-store';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { grantToken } from '../support/access';
import { launchBrowser, newContext, newContextWithoutJavaScript, visit } from '../support/browser';
import { graphql, RECORD_RESULT } from '../support/graphql';
import type { HistoryEdges, Recorded } from '../support/graphql-types';
import { startApp, type RunningApp } from '../support/running-app';

const CORRECT = `mutation ($input: CorrectEventInput!) { correctEvent(input: $input) { ${RECORD_RESULT} } }`;

/** The history page in a real browser: Worcestershire's record as the demo recorded it, then corrected over GraphQL. */
describe('the history page (/streams/:streamId)', () => {
  const clock = new ManualClock('2018-09-27T09:00:00.000Z');
  let running: RunningApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let visitId: string;
  let correctionId: string;

  beforeAll(async () => {
    running = await startApp({ clock, env: { LEDGER_SEED_DEMO: 'true' } });
    browser = await launchBrowser();
    context = await newContext(browser);
    page = await context.newPage();
    const history = await graphql<HistoryEdges<{ eventId: string; type: string; data: { number?: number } }>>(
      running.baseUrl,
      `
        {
          history(streamId: "authority-885") {
            edges {
              node {
                eventId
                type
                data
              }
            }
          }
        }
      `,
    );
    visitId = history
      .data!.history.edges.map((e) => e.node)
      .find((n) => n.type === 'MonitoringVisitLogged' && n.data.number === 2)!.eventId;
    // A day later, an editor puts the second visit's letter date right, through the API, with its reason.
    clock.advance(24 * 60 * 60 * 1000);
    const corrected = await graphql<Recorded<'correctEvent'>>(running.baseUrl, CORRECT, {
      input: {
        streamId: 'authority-885',
        eventId: visitId,
        changes: { letterDate: '2017-10-12' },
        reason: 'the letter is dated 12 October 2017',
      },
    });
    expect(corrected.errors).toBeUndefined();
    correctionId = corrected.data!.correctEvent.events[0].eventId;
  });
  afterAll(async () => {
    await browser?.close();
    await running?.stop();
  });

  const row = (eventId: string) => page.locator(`tr[data-event-id="${eventId}"]`);

  it('shows each event as recorded: type in words, business time with its precision, recorded time and who', async () => {
    await visit(page, `${running.baseUrl}/streams/authority-885`, 'history-worcestershire');
    await expect(page.locator('h1').textContent()).resolves.toBe('History of Worcestershire');
    const first = page.locator('tr[data-event-id]').first();
    await expect(first.getAttribute('data-type')).resolves.toBe('AuthorityRegistered');
    await expect(first.textContent()).resolves.toMatch(/Authority registered/);
    const visitRow = row(visitId);
    await expect(visitRow.locator('[data-occurred]').textContent()).resolves.toMatch(/September 2017\s*\(to the month\)/);
    await expect(visitRow.locator('[data-recorded-at]').textContent()).resolves.toBe('27 September 2018 at 09:00 UTC');
    await expect(visitRow.locator('[data-actor]').textContent()).resolves.toMatch(/inspection-data/);
    await expect(visitRow.textContent()).resolves.toMatch(/From: Worcestershire/);
  });

  it('shows a correction made through GraphQL beside the event it corrects, with its reason, linked both ways, and what it changed', async () => {
    const corrected = row(visitId).locator('[data-corrected-by]');
    const words = (await corrected.textContent())?.replace(/\s+/g, ' ').trim();
    expect(words).toBe(
      'Corrected by the event at revision 10 because: the letter is dated 12 October 2017 (letter date: (none) → 2017-10-12)',
    );
    await expect(corrected.locator('a').getAttribute('href')).resolves.toBe(`#event-${correctionId}`);
    const correction = row(correctionId);
    await expect(correction.getAttribute('data-type')).resolves.toBe('EventCorrected');
    await expect(correction.locator('[data-reason]').textContent()).resolves.toBe('the letter is dated 12 October 2017');
    await expect(correction.locator('[data-change] del').textContent()).resolves.toBe('(none)');
    await expect(correction.locator('[data-change] ins').textContent()).resolves.toBe('2017-10-12');
    await expect(correction.locator('[data-recorded-at]').textContent()).resolves.toBe('28 September 2018 at 09:00 UTC');
    await expect(correction.locator('[data-corrects] a').getAttribute('href')).resolves.toBe(`#event-${visitId}`);
    await corrected.locator('a').click();
    expect(new URL(page.url()).hash).toBe(`#event-${correctionId}`);
  });

  it('as known at a time before the correction, shows the record as it stood: no correction yet', async () => {
    await visit(page, `${running.baseUrl}/streams/authority-885?knownAt=2018-09-27T12:00Z`, 'history-before-correction');
    await expect(page.locator('[data-past-banner]').count()).resolves.toBe(1);
    await expect(row(correctionId).count()).resolves.toBe(0);
    await expect(row(visitId).locator('[data-corrected-by]').count()).resolves.toBe(0);
    await expect(page.locator('[data-count]').textContent()).resolves.toMatch(/of 10,/);
  });

  it('as known at a time before the stream was recorded, says nothing had been recorded then', async () => {
    await visit(page, `${running.baseUrl}/streams/authority-885?knownAt=2000-01-01`, 'history-known-at-2000');
    await expect(page.locator('[data-not-yet]').textContent()).resolves.toMatch(
      /Nothing of this record had been recorded by 1 January 2000/,
    );
  });

  it('pages through a long stream, and a correction on a later page is linked from the event it corrects', async () => {
    // 45 more corrections of the same letter date: 56 events, two pages; each says what the one before made it.
    let last = '';
    for (let day = 1; day <= 45; day++) {
      const letterDate = day <= 28 ? `2017-11-${String(day).padStart(2, '0')}` : `2017-12-${String(day - 28).padStart(2, '0')}`;
      const corrected = await graphql<Recorded<'correctEvent'>>(running.baseUrl, CORRECT, {
        input: { streamId: 'authority-885', eventId: visitId, changes: { letterDate }, reason: `re-read, number ${day}` },
      });
      expect(corrected.errors).toBeUndefined();
      last = corrected.data!.correctEvent.events[0].eventId;
    }
    await visit(page, `${running.baseUrl}/streams/authority-885`, 'history-page-1');
    await expect(page.locator('[data-count]').textContent()).resolves.toMatch(/Events 1 to 50 of 56/);
    const toLast = row(visitId).locator('[data-corrected-by]').last();
    await expect(toLast.locator('a').getAttribute('href')).resolves.toBe(`/streams/authority-885?after=49#event-${last}`);
    await page.locator('.govuk-pagination a', { hasText: 'Later events' }).click();
    await expect(page.locator('[data-count]').textContent()).resolves.toMatch(/Events 51 to 56 of 56/);
    await expect(row(last).locator('[data-change] del').textContent()).resolves.toBe('2017-12-16');
    await expect(row(last).locator('[data-change] ins').textContent()).resolves.toBe('2017-12-17');
    await expect(row(last).locator('[data-corrects] a').getAttribute('href')).resolves.toBe(`/streams/authority-885#event-${visitId}`);
    await page.locator('.govuk-pagination a', { hasText: 'Earlier events' }).click();
    await expect(page.locator('[data-count]').textContent()).resolves.toMatch(/Events 1 to 50 of 56/);
    // The council page's links open the history at the page holding the event.
    await visit(page, `${running.baseUrl}/streams/authority-885?event=${last}`, 'history-at-event');
    await expect(row(last).count()).resolves.toBe(1);
  });

  it('answers an unknown stream with the not-found page, and a hostile one with 400, running nothing', async () => {
    await visit(page, `${running.baseUrl}/streams/plan-no-such-plan`, 'history-unknown', 404);
    await visit(page, `${running.baseUrl}/streams/authority-999`, 'history-unknown-council', 404);
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await visit(page, `${running.baseUrl}/streams/plan-%3Cscript%3Ealert(1)%3C%2Fscript%3E`, 'history-hostile', 400);
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toMatch(/streamId.*must be authority-<la_code>/s);
    expect(await page.content()).not.toContain('<script>alert(1)');
    await visit(page, `${running.baseUrl}/streams/authority-885?after=%3Cscript%3E`, 'history-hostile-cursor', 400);
    expect(dialogs).toEqual([]);
  });

  it("refuses a reader without a role for the stream's council, and the access stream to anyone but an auditor", async () => {
    const { token } = await grantToken(running.baseUrl, 'viewer', ['344'], { displayName: 'A Wirral viewer' });
    const reader = await browser.newContext({ extraHTTPHeaders: { authorization: `Bearer ${token}` } });
    try {
      const own = await reader.newPage();
      await visit(own, `${running.baseUrl}/streams/authority-885`, 'history-forbidden', 403);
      await visit(own, `${running.baseUrl}/streams/plan-worcestershire-2017-06`, 'history-plan-forbidden', 403);
      await visit(own, `${running.baseUrl}/streams/access`, 'history-access-forbidden', 403);
      await visit(own, `${running.baseUrl}/streams/authority-344`, 'history-wirral-as-viewer');
    } finally {
      await reader.close();
    }
    // The local user holds every role, the auditor's among them.
    await visit(page, `${running.baseUrl}/streams/access`, 'history-access');
    await expect(page.locator('h1').textContent()).resolves.toBe('History of Grants of access');
  });

  it('works without JavaScript', async () => {
    const plain = await newContextWithoutJavaScript(browser);
    try {
      const noJs = await plain.newPage();
      await visit(noJs, `${running.baseUrl}/streams/authority-885`, 'history-no-js');
      await expect(noJs.locator(`tr[data-event-id="${visitId}"] [data-corrected-by]`).count()).resolves.toBe(46);
      await noJs.locator(`tr[data-event-id="${visitId}"] summary`).click();
      await expect(noJs.locator(`tr[data-event-id="${visitId}"] .govuk-details__text`).textContent()).resolves.toMatch(/Visit id/);
    } finally {
      await plain.close();
    }
  });
});
