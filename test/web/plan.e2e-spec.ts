import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, newContext, newContextWithoutJavaScript, visit } from '../support/browser';
import { grantToken } from '../support/access';
import { graphql, RECORD_RESULT } from '../support/graphql';
import { startApp, type RunningApp } from '../support/running-app';

const PLAN = 'worcestershire-2017-06';

interface RecordedEvent {
  eventId: string;
  recordedAt: string;
}

/** Records one command through the API, as the local user (every role), and returns its event. */
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

/** The plan page in a real browser, on the demo's Worcestershire priority plan with grades, an action and corrections added. */
describe('the plan page (/plans/{id})', () => {
  let running: RunningApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let amberGrade: RecordedEvent;
  let firstGrade: RecordedEvent;

  beforeAll(async () => {
    running = await startApp({ env: { LEDGER_SEED_DEMO: 'true' } });
    browser = await launchBrowser();
    context = await newContext(browser);
    page = await context.newPage();
    const url = running.baseUrl;
    firstGrade = await record(url, 'gradeProgress', 'GradeProgressInput', {
      planId: PLAN,
      target: 'priority',
      targetId: 'family-front-door',
      grade: 'red',
      gradedBy: 'board',
      occurredAt: day('2017-11-20'),
    });
    amberGrade = await record(url, 'gradeProgress', 'GradeProgressInput', {
      planId: PLAN,
      target: 'priority',
      targetId: 'family-front-door',
      grade: 'amber',
      gradedBy: 'board',
      evidence: 'Contacts screened within a day',
      occurredAt: day('2018-01-15'),
    });
    await record(url, 'gradeProgress', 'GradeProgressInput', {
      planId: PLAN,
      target: 'priority',
      targetId: 'early-help',
      grade: 'green',
      gradedBy: 'commissioner',
      occurredAt: day('2018-01-15'),
    });
    await record(url, 'correctEvent', 'CorrectEventInput', {
      streamId: `plan-${PLAN}`,
      eventId: amberGrade.eventId,
      changes: { grade: 'green' },
      reason: 'the board minutes say green',
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
    await record(url, 'amendAction', 'AmendActionInput', {
      planId: PLAN,
      actionId: 'mash-review',
      due: '2018-06-30',
      reason: 'police partners asked for more time',
      occurredAt: day('2018-03-20'),
    });
    await record(url, 'holdBoardMeeting', 'HoldBoardMeetingInput', {
      planId: PLAN,
      meetingId: 'board-2018-01',
      chair: 'Independent chair',
      decisions: ['Front door grade agreed'],
      occurredAt: day('2018-01-15'),
    });
    await record(url, 'setPriority', 'SetPriorityInput', {
      planId: PLAN,
      priorityId: 'hostile',
      title: '<script>alert("x")</script> & <b>co</b>',
      occurredAt: day('2018-01-15'),
    });
    await record(url, 'defineIndicator', 'DefineIndicatorInput', {
      planId: PLAN,
      indicatorId: 'contacts-in-a-day',
      name: 'Contacts screened within a day',
      unit: 'percent',
      target: 90,
      direction: 'higher is better',
      occurredAt: day('2017-11-20'),
    });
    for (const [value, at] of [
      [61, '2017-11-30'],
      [78.5, '2018-01-31'],
    ] as const)
      await record(url, 'measureIndicator', 'MeasureIndicatorInput', {
        planId: PLAN,
        indicatorId: 'contacts-in-a-day',
        value,
        at,
        occurredAt: day(at),
      });
  });
  afterAll(async () => {
    await browser?.close();
    await running?.stop();
  });

  const planUrl = (query = '') => `${running.baseUrl}/plans/${PLAN}${query}`;

  it("shows the demo plan's title, council and priorities, with the latest grade in words", async () => {
    await visit(page, planUrl(), 'plan');
    await expect(page.locator('h1').textContent()).resolves.toBe('Priority plan');
    await expect(page.locator('a[data-council]').getAttribute('href')).resolves.toBe('/councils/885');
    await expect(page.locator('a[data-council]').textContent()).resolves.toBe('Worcestershire');
    const titles = await page.locator('section[data-priority-id] h3').allTextContents();
    expect(titles.slice(0, 4)).toEqual([
      'Family Front Door',
      'Remodel the early help offer',
      'A child-focused and accountable culture',
      "Quality assurance: know what 'good' looks like",
    ]);
    const frontDoor = page.locator('section[data-priority-id="family-front-door"]');
    await expect(frontDoor.locator('[data-latest-grade] strong[data-grade]').first().textContent()).resolves.toBe('Green');
    await expect(
      page.locator('section[data-priority-id="culture"] [data-latest-grade] strong[data-grade]').first().textContent(),
    ).resolves.toBe('Not graded');
  });

  it("shows a grade's correction: from → to, who and why", async () => {
    const correction = page.locator('section[data-priority-id="family-front-door"] [data-latest-grade] [data-correction]');
    await expect(correction.count()).resolves.toBe(1);
    await expect(correction.locator('[data-from]').textContent()).resolves.toBe('amber');
    await expect(correction.locator('[data-to]').textContent()).resolves.toBe('green');
    await expect(correction.locator('[data-reason]').textContent()).resolves.toBe('the board minutes say green');
    await expect(correction.textContent()).resolves.toMatch(/corrected by local:development-principal on /);
  });

  it('shows an action with its owner, marked overdue, with its re-dating from → to, who and why', async () => {
    const action = page.locator('tr[data-action-id="mash-review"]');
    await expect(action.locator('td').first().textContent()).resolves.toBe('Head of the front door');
    await expect(action.locator('[data-overdue]').textContent()).resolves.toBe('Overdue');
    const redating = action.locator('[data-redating]');
    await expect(redating.count()).resolves.toBe(1);
    await expect(redating.locator('[data-from]').textContent()).resolves.toBe('31 March 2018');
    await expect(redating.locator('[data-to]').textContent()).resolves.toBe('30 June 2018');
    await expect(redating.locator('[data-by]').textContent()).resolves.toBe('local:development-principal');
    await expect(redating.locator('[data-reason]').textContent()).resolves.toBe('police partners asked for more time');
    await expect(action.locator('a:has-text("Change due date")').getAttribute('href')).resolves.toBe(
      `/plans/${PLAN}/actions/mash-review/re-date`,
    );
    // GraphQL tells the same re-dating: the due date before it, and who recorded it.
    const answer = await graphql<{ plan: { plan: { actions: { actionId: string; amendments: Record<string, string | null>[] }[] } } }>(
      running.baseUrl,
      `{ plan(id: "${PLAN}") { plan { actions { actionId amendments { previousDue due by reason } } } } }`,
    );
    expect(answer.data!.plan.plan.actions.find((a) => a.actionId === 'mash-review')?.amendments).toEqual([
      { previousDue: '2018-03-31', due: '2018-06-30', by: 'local:development-principal', reason: 'police partners asked for more time' },
    ]);
  });

  it('draws the RAG trend with one labelled cell per grading, and the same grades in a table', async () => {
    const svg = page.locator('svg[data-chart="rag-trend"]');
    await expect(svg.getAttribute('role')).resolves.toBe('img');
    await expect(svg.getAttribute('aria-label')).resolves.toMatch(/3 gradings across 2 dates/);
    const cells = await svg
      .locator('g[data-cell]')
      .evaluateAll((gs) =>
        gs.map((g) => [
          g.getAttribute('data-cell'),
          g.getAttribute('data-date'),
          g.getAttribute('data-grade'),
          g.querySelector('text')?.textContent,
        ]),
      );
    expect(cells).toEqual([
      ['family-front-door', '2017-11-20', 'red', 'R'],
      ['family-front-door', '2018-01-15', 'green', 'G*'],
      ['early-help', '2018-01-15', 'green', 'G'],
    ]);
    const firstRow = await page.locator('table[data-trend-table] tbody tr').first().locator('td').allTextContents();
    expect(firstRow.map((t) => t.trim())).toEqual(['Red', 'Green (corrected)']);
  });

  it('charts an indicator against its target, with its figures beside', async () => {
    const chart = page.locator('svg[data-chart="indicator"][data-indicator="contacts-in-a-day"]');
    await expect(chart.locator('g[data-point]').count()).resolves.toBe(2);
    await expect(chart.locator('g[data-target] text').textContent()).resolves.toBe('Target 90%');
    const figures = await page.locator('[data-indicator-id="contacts-in-a-day"] tbody [data-value]').allTextContents();
    expect(figures).toEqual(['61%', '78.5%']);
  });

  it('lists board meetings, and offers the writes and the plan history', async () => {
    await expect(page.locator('[data-meeting-id="board-2018-01"]').textContent()).resolves.toMatch(
      /Independent chair.*Front door grade agreed/s,
    );
    const links = await page.locator('[data-writes] a').evaluateAll((as) => as.map((a) => [a.textContent?.trim(), a.getAttribute('href')]));
    expect(links).toEqual([
      ['Record a grade', `/plans/${PLAN}/grades/new`],
      ['Hold a board meeting', `/plans/${PLAN}/board-meetings/new`],
      ['Add an action', `/plans/${PLAN}/actions/new`],
    ]);
    await expect(page.locator('a:has-text("History of this plan")').getAttribute('href')).resolves.toBe(`/streams/plan-${PLAN}`);
  });

  it('shows a title from the log as text, never as markup', async () => {
    await expect(page.locator('section[data-priority-id="hostile"] h3').textContent()).resolves.toBe(
      '<script>alert("x")</script> & <b>co</b>',
    );
    await expect(page.locator('section[data-priority-id="hostile"] b').count()).resolves.toBe(0);
  });

  it('as known at before a grade was recorded, the grade is not there, the writes are not offered, and links keep the time', async () => {
    const before = new Date(new Date(firstGrade.recordedAt).getTime() - 1).toISOString();
    await visit(page, planUrl(`?knownAt=${encodeURIComponent(before)}`), 'plan-known-at-before-grades');
    await expect(page.locator('[data-past-banner]').count()).resolves.toBe(1);
    await expect(page.locator('svg[data-chart="rag-trend"]').count()).resolves.toBe(0);
    await expect(page.locator('[data-no-trend]').count()).resolves.toBe(1);
    await expect(
      page.locator('section[data-priority-id="family-front-door"] [data-latest-grade] strong[data-grade]').first().textContent(),
    ).resolves.toBe('Not graded');
    await expect(page.locator('[data-writes]').count()).resolves.toBe(0);
    await expect(page.locator('a[data-council]').getAttribute('href')).resolves.toBe(`/councils/885?knownAt=${encodeURIComponent(before)}`);
  });

  it('as known at between the grade and its correction, shows the grade as first recorded', async () => {
    const between = new Date(new Date(amberGrade.recordedAt).getTime() + 1).toISOString();
    await visit(page, planUrl(`?knownAt=${encodeURIComponent(between)}`), 'plan-known-at-before-correction');
    await expect(
      page.locator('section[data-priority-id="family-front-door"] [data-latest-grade] strong[data-grade]').first().textContent(),
    ).resolves.toBe('Amber');
    await expect(page.locator('[data-correction]').count()).resolves.toBe(0);
  });

  it('answers 404 for a plan not on record, and 400 naming a bad date', async () => {
    await visit(page, `${running.baseUrl}/plans/no-such-plan`, 'plan-not-found', 404);
    await visit(page, planUrl('?asOf=2018-13-01'), 'plan-bad-date', 400);
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toMatch(/asOf.*must be a real date/s);
  });

  it('is refused, as a page, to a reader of another council only, and offers a viewer no forms', async () => {
    const wirral = await grantToken(running.baseUrl, 'viewer', ['344']);
    const refused = await fetch(planUrl(), { headers: { authorization: `Bearer ${wirral.token}` } });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('You do not have access to this page');
    const worcestershire = await grantToken(running.baseUrl, 'viewer', ['885']);
    const allowed = await fetch(planUrl(), { headers: { authorization: `Bearer ${worcestershire.token}` } });
    expect(allowed.status).toBe(200);
    const html = await allowed.text();
    // A viewer records nothing: no form is offered.
    expect(html).toContain('Family Front Door');
    expect(html).not.toContain('data-writes');
    expect(html).not.toContain('Change due date');
  });

  it('shows a long history by its latest dates, measurements and meetings, says how many there are, and shows them all when asked', async () => {
    const url = running.baseUrl;
    const LONG = 'worcestershire-long-history';
    await record(url, 'createPlan', 'CreatePlanInput', {
      planId: LONG,
      laCode: '885',
      title: 'A plan with years of history',
      kind: 'improvement plan',
      occurredAt: day('2015-01-05'),
    });
    await record(url, 'setPriority', 'SetPriorityInput', {
      planId: LONG,
      priorityId: 'front-door',
      title: 'Front door',
      occurredAt: day('2015-01-05'),
    });
    await record(url, 'defineIndicator', 'DefineIndicatorInput', {
      planId: LONG,
      indicatorId: 'timely-visits',
      name: 'Visits on time',
      unit: 'percent',
      occurredAt: day('2015-01-05'),
    });
    // 15 monthly board meetings, each grading the priority; 30 fortnightly measurements.
    const months = Array.from(
      { length: 15 },
      (_, i) => `${2015 + Math.floor((i + 1) / 12)}-${String(((i + 1) % 12) + 1).padStart(2, '0')}-10`,
    );
    for (const [i, on] of months.entries()) {
      await record(url, 'holdBoardMeeting', 'HoldBoardMeetingInput', {
        planId: LONG,
        meetingId: `board-${i + 1}`,
        decisions: [`Meeting ${i + 1}`],
        occurredAt: day(on),
      });
      await record(url, 'gradeProgress', 'GradeProgressInput', {
        planId: LONG,
        target: 'priority',
        targetId: 'front-door',
        grade: i % 2 === 0 ? 'red' : 'amber',
        gradedBy: 'board',
        occurredAt: day(on),
      });
    }
    const fortnights = Array.from({ length: 30 }, (_, i) => new Date(Date.UTC(2015, 1, 1 + 14 * i)).toISOString().slice(0, 10));
    for (const [i, at] of fortnights.entries())
      await record(url, 'measureIndicator', 'MeasureIndicatorInput', {
        planId: LONG,
        indicatorId: 'timely-visits',
        value: 40 + i,
        at,
        occurredAt: day(at),
      });

    await visit(page, `${url}/plans/${LONG}`, 'plan-long-history-latest');
    await expect(page.locator('[data-trend-table] thead th').count()).resolves.toBe(1 + 12);
    await expect(page.locator('#trend ~ [data-latest-of]').first().textContent()).resolves.toMatch(/latest 12 of 15 dates/);
    await expect(page.locator('svg[data-chart="rag-trend"] g[data-cell]').count()).resolves.toBe(12);
    const figures = await page.locator('[data-indicator-id="timely-visits"] tbody [data-value]').allTextContents();
    expect(figures).toEqual(Array.from({ length: 24 }, (_, i) => `${46 + i}%`));
    await expect(page.locator('svg[data-chart="indicator"] g[data-point]').count()).resolves.toBe(24);
    await expect(page.locator('[data-indicator-id="timely-visits"] [data-latest-of]').textContent()).resolves.toMatch(
      /latest 24 of 30 measurements/,
    );
    const meetings = await page
      .locator('[data-meetings] > li')
      .evaluateAll((items) => items.map((li) => li.getAttribute('data-meeting-id')));
    expect(meetings).toEqual(Array.from({ length: 12 }, (_, i) => `board-${15 - i}`));

    await page.locator('a:has-text("Show all 15 dates")').click();
    await page.waitForLoadState('load');
    const shown = new URL(page.url());
    expect([shown.searchParams.get('show'), shown.hash]).toEqual(['all', '#trend']);
    await visit(page, `${url}/plans/${LONG}?show=all`, 'plan-long-history-all');
    await expect(page.locator('[data-show-all]').textContent()).resolves.toMatch(/whole history/);
    await expect(page.locator('[data-trend-table] thead th').count()).resolves.toBe(1 + 15);
    await expect(page.locator('[data-indicator-id="timely-visits"] tbody [data-value]').count()).resolves.toBe(30);
    await expect(page.locator('[data-meetings] > li').count()).resolves.toBe(15);
    await expect(page.locator('[data-latest-of]').count()).resolves.toBe(0);
    // The time-travel form keeps the whole history asked for.
    await expect(page.locator('.app-time-travel input[name="show"]').getAttribute('value')).resolves.toBe('all');

    await visit(page, `${url}/plans/${LONG}?show=everything`, 'plan-long-history-bad-show', 400);
    await expect(page.locator('main').textContent()).resolves.toMatch(/show/);
  });

  it('works without JavaScript', async () => {
    const plain = await newContextWithoutJavaScript(browser);
    try {
      const noJs = await plain.newPage();
      await visit(noJs, planUrl(), 'plan-no-js');
      await expect(noJs.locator('svg[data-chart="rag-trend"] g[data-cell]').count()).resolves.toBe(3);
      await expect(noJs.locator('tr[data-action-id="mash-review"] [data-overdue]').count()).resolves.toBe(1);
    } finally {
      await plain.close();
    }
  });
});
