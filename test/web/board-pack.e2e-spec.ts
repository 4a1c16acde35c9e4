import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, newContext, newContextWithoutJavaScript, screenshot, SCREENSHOTS, visit } from '../support/browser';
import { grantToken } from '../support/access';
import { graphql, RECORD_RESULT } from '../support/graphql';
import { startApp, type RunningApp } from '../support/running-app';

const PLAN = 'worcestershire-2017-06';

interface RecordedEvent {
  eventId: string;
  recordedAt: string;
}

async function record(baseUrl: string, mutation: string, inputType: string, input: Record<string, unknown>): Promise<RecordedEvent> {
  const answer = await graphql<Record<string, { events: RecordedEvent[] }>>(
    baseUrl,
    `mutation ($input: ${inputType}!) { ${mutation}(input: $input) { ${RECORD_RESULT} } }`,
    { input },
  );
  expect(answer.errors).toBeUndefined();
  return answer.data![mutation].events[0];
}

const day = (from: string) => ({ from, precision: 'day' });

/** The text of a PDF, read with pdf.js as the importer reads Ofsted's reports. */
async function pdfText(bytes: Uint8Array): Promise<string> {
  const workerHalf: string = 'pdfjs-dist/legacy/build/pdf.worker.mjs';
  const [{ getDocument }] = await Promise.all([import('pdfjs-dist/legacy/build/pdf.mjs'), import(workerHalf)]);
  const document = await getDocument({ data: bytes, isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 })
    .promise;
  const pages: string[] = [];
  for (let n = 1; n <= document.numPages; n++) {
    const content = await (await document.getPage(n)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
  }
  await document.destroy();
  return pages.join('\n');
}

/** The board pack of the demo's Worcestershire priority plan, as a page in a real browser and as a PDF. */
describe('the board pack (/plans/{id}/board-pack)', () => {
  let running: RunningApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let grade: RecordedEvent;
  let rootHash: string;

  beforeAll(async () => {
    running = await startApp({ env: { LEDGER_SEED_DEMO: 'true' } });
    browser = await launchBrowser();
    context = await newContext(browser);
    page = await context.newPage();
    const url = running.baseUrl;
    await record(url, 'holdBoardMeeting', 'HoldBoardMeetingInput', {
      planId: PLAN,
      meetingId: 'board-2018-01',
      chair: 'Independent chair',
      decisions: ['Front door grade agreed'],
      occurredAt: day('2018-01-15'),
    });
    grade = await record(url, 'gradeProgress', 'GradeProgressInput', {
      planId: PLAN,
      target: 'priority',
      targetId: 'family-front-door',
      grade: 'amber',
      gradedBy: 'board',
      fromMeeting: 'board-2018-01',
      occurredAt: day('2018-01-15'),
    });
    await record(url, 'addAction', 'AddActionInput', {
      planId: PLAN,
      actionId: 'mash-review',
      priorityId: 'family-front-door',
      title: 'Review the multi-agency safeguarding hub',
      owner: 'Head of the front door',
      due: '2018-03-31',
      occurredAt: day('2017-11-20'),
    });
    await record(url, 'defineIndicator', 'DefineIndicatorInput', {
      planId: PLAN,
      indicatorId: 'contacts-in-a-day',
      name: 'Contacts screened within a day',
      unit: 'percent',
      target: 90,
      occurredAt: day('2017-11-20'),
    });
    await record(url, 'measureIndicator', 'MeasureIndicatorInput', {
      planId: PLAN,
      indicatorId: 'contacts-in-a-day',
      value: 78.5,
      at: '2018-01-31',
      occurredAt: day('2018-01-31'),
    });
    const signed = await graphql<{ signCheckpoint: { rootHash: string } }>(url, 'mutation { signCheckpoint { rootHash } }');
    expect(signed.errors).toBeUndefined();
    rootHash = signed.data!.signCheckpoint.rootHash;
  });
  afterAll(async () => {
    await browser?.close();
    await running?.stop();
  });

  const packUrl = (query = '') => `${running.baseUrl}/plans/${PLAN}/board-pack${query}`;

  it('shows, since the last board meeting, what changed, the grades, the overdue actions and the indicators', async () => {
    await visit(page, packUrl(), 'board-pack');
    await expect(page.locator('h1').textContent()).resolves.toBe('Priority plan');
    await expect(page.locator('[data-since]').getAttribute('data-since')).resolves.toBe('2018-01-15');
    await expect(page.locator(`[data-changes="plan"] tr[data-change="${grade.eventId}"]`).count()).resolves.toBe(1);
    await expect(page.locator('[data-pack-grades] tr[data-priority-id="family-front-door"] [data-grade]').textContent()).resolves.toBe(
      'Amber',
    );
    await expect(page.locator('svg[data-chart="rag-trend"] g[data-cell]').count()).resolves.toBe(1);
    await expect(page.locator('tr[data-action-id="mash-review"] [data-overdue]').textContent()).resolves.toBe('Overdue');
    await expect(page.locator('tr[data-action-id="mash-review"] a:has-text("Change due date")').count()).resolves.toBe(0);
    await expect(page.locator('svg[data-chart="indicator"] g[data-point]').count()).resolves.toBe(1);
  });

  it('gives a checkpoint slip for the minutes: origin, size, root hash, date, verifier key and the signed note', async () => {
    await expect(page.locator('[data-slip] [data-root-hash]').textContent()).resolves.toBe(rootHash);
    await expect(page.locator('[data-slip] [data-origin]').textContent()).resolves.toBe('plan-ledger.local/log');
    await expect(page.locator('[data-slip] [data-size]').textContent()).resolves.toMatch(/^\d+ events$/);
    await expect(page.locator('[data-slip] [data-verifier-key]').textContent()).resolves.toMatch(/^plan-ledger\.local\/log\+/);
    await expect(page.locator('[data-slip] [data-note]').textContent()).resolves.toContain(`\n${rootHash}\n`);
  });

  it('keeps to changes recorded since the date asked', async () => {
    const recorded = grade.recordedAt.slice(0, 10);
    await visit(page, packUrl(`?since=${recorded}`), 'board-pack-since-today');
    await expect(page.locator(`[data-changes="plan"] tr[data-change="${grade.eventId}"]`).count()).resolves.toBe(1);
    const next = new Date(Date.parse(`${recorded}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    await visit(page, packUrl(`?since=${next}`), 'board-pack-since-tomorrow');
    await expect(page.locator('[data-no-changes="plan"]').count()).resolves.toBe(1);
    await expect(page.locator('a[data-pdf]').getAttribute('href')).resolves.toBe(`/plans/${PLAN}/board-pack.pdf?since=${next}`);
  });

  it('prints without the navigation, the date form or the time travel, keeping the slip', async () => {
    await visit(page, packUrl(), 'board-pack');
    await page.emulateMedia({ media: 'print' });
    try {
      await screenshot(page, 'board-pack-print');
      for (const hidden of ['.govuk-service-navigation', '.app-pack-controls', '.app-time-travel', '.govuk-breadcrumbs', '.govuk-footer'])
        await expect(page.locator(hidden).first().isVisible()).resolves.toBe(false);
      await expect(page.locator('[data-slip] [data-root-hash]').isVisible()).resolves.toBe(true);
    } finally {
      await page.emulateMedia({ media: null });
    }
  });

  it('refuses a since that is not a date, naming it, with status 400', async () => {
    await visit(page, packUrl('?since=2018-02-30'), 'board-pack-bad-since', 400);
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toMatch(/since.*must be a real date/s);
  });

  it('works without JavaScript', async () => {
    const plain = await newContextWithoutJavaScript(browser);
    try {
      const noJs = await plain.newPage();
      await visit(noJs, packUrl(), 'board-pack-no-js');
      await expect(noJs.locator('[data-slip] [data-root-hash]').textContent()).resolves.toBe(rootHash);
    } finally {
      await plain.close();
    }
  });

  it('prints as a PDF holding the plan title and the slip’s root hash', async () => {
    const response = await fetch(`${running.baseUrl}/plans/${PLAN}/board-pack.pdf`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(Buffer.from(bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    // Kept beside the screenshots, for a reviewer to open.
    mkdirSync(SCREENSHOTS, { recursive: true });
    writeFileSync(join(SCREENSHOTS, 'board-pack.pdf'), bytes);
    const text = await pdfText(bytes);
    expect(text).toContain('Priority plan');
    expect(text).toContain('Checkpoint slip for the minutes');
    expect(text.replace(/\s+/g, '')).toContain(rootHash);
  });

  it('prints as the person who asked: their name on it, and a reader of another council refused before any browser starts', async () => {
    const reader = await grantToken(running.baseUrl, 'viewer', ['885'], { displayName: 'Councillor Worcs' });
    const asReader = await fetch(`${running.baseUrl}/plans/${PLAN}/board-pack.pdf`, {
      headers: { authorization: `Bearer ${reader.token}` },
    });
    expect(asReader.status).toBe(200);
    expect(await pdfText(new Uint8Array(await asReader.arrayBuffer()))).toContain('Prepared for Councillor Worcs');
    const other = await grantToken(running.baseUrl, 'viewer', ['344'], { displayName: 'Councillor Wirral' });
    for (const path of ['board-pack', 'board-pack.pdf']) {
      const refused = await fetch(`${running.baseUrl}/plans/${PLAN}/${path}`, { headers: { authorization: `Bearer ${other.token}` } });
      expect(refused.status).toBe(403);
      expect(refused.headers.get('content-type')).toMatch(/^text\/html/);
    }
  });

  it('refuses a PDF of a plan not on record before starting a browser, with status 404', async () => {
    const response = await fetch(`${running.baseUrl}/plans/no-such-plan/board-pack.pdf`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
  });

  it('says what to install when there is no Chromium to print with, with status 503', async () => {
    const before = process.env.LEDGER_CHROMIUM;
    process.env.LEDGER_CHROMIUM = '/nonexistent/chromium';
    try {
      const response = await fetch(`${running.baseUrl}/plans/${PLAN}/board-pack.pdf`);
      expect(response.status).toBe(503);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      const html = await response.text();
      expect(html).toMatch(
        /data-error-status="503">No Chromium to print with at \/nonexistent\/chromium: install it with scripts\/install-chromium\.sh, or set LEDGER_CHROMIUM/,
      );
    } finally {
      if (before === undefined) delete process.env.LEDGER_CHROMIUM;
      else process.env.LEDGER_CHROMIUM = before;
    }
  });
});
