import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, newContext, newContextWithoutJavaScript, visit } from '../support/browser';
import { grantToken } from '../support/access';
import { startApp, type RunningApp } from '../support/running-app';
import { expectAccessible, formFields, historyOf, planWithOnePriority, post, record } from './forms-support';

/**
 * The forms for the common writes, in a real browser against the real service: each records through the same command
 * as its GraphQL mutation, shows refusals in GOV.UK's error summary, and records nothing it should not.
 */
describe('the forms for the common writes', () => {
  let running: RunningApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const planId = 'forms-e2e-plan';
  const stream = `plan-${planId}`;

  beforeAll(async () => {
    running = await startApp({ env: { LEDGER_SEED_DEMO: 'true' } });
    browser = await launchBrowser();
    context = await newContext(browser);
    page = await context.newPage();
    await planWithOnePriority(running.baseUrl, planId);
  });
  afterAll(async () => {
    await browser?.close();
    await running?.stop();
  });

  const url = (path: string) => `${running.baseUrl}${path}`;
  const events = () => historyOf(running.baseUrl, stream);

  /** Tabs from wherever the focus is until the element matching `selector` has it: keyboard only, no clicks. */
  async function tabTo(selector: string): Promise<void> {
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press('Tab');
      if (await page.locator(selector).evaluate((element) => element === element.ownerDocument.activeElement)) return;
    }
    throw new Error(`Tab never reached ${selector}`);
  }

  describe('record a grade', () => {
    const form = () => url(`/plans/${planId}/grades/new`);

    it('is filled and sent with the keyboard alone, and records the grade through the gradeProgress command', async () => {
      const before = await events();
      await visit(page, form(), 'forms-grade');
      await tabTo('#subject');
      await page.keyboard.press('ArrowDown'); // the priority, after "the plan as a whole"
      await tabTo('#grade');
      await page.keyboard.press('ArrowRight'); // red → amber
      await tabTo('#gradedBy');
      await page.keyboard.press('Space');
      await tabTo('#evidence');
      await page.keyboard.type('Referrals audited: 80% timely');
      await tabTo('button[type="submit"]');
      await Promise.all([page.waitForURL(/recorded=grade/), page.keyboard.press('Enter')]);
      expect(new URL(page.url()).pathname).toBe(`/plans/${planId}`);
      const after = await events();
      expect(after).toHaveLength(before.length + 1);
      expect(after.at(-1)).toMatchObject({
        type: 'ProgressGraded',
        data: { target: 'priority', targetId: 'front-door', grade: 'amber', gradedBy: 'board', evidence: 'Referrals audited: 80% timely' },
      });
    });

    it('sent blank shows the error summary naming each field, keeps what was typed, and records nothing', async () => {
      const before = await events();
      await visit(page, form(), 'forms-grade-blank');
      await page.fill('#evidence', 'kept as typed');
      await page.fill('#date-day', '');
      await page.fill('#date-month', '');
      await page.fill('#date-year', '');
      await Promise.all([page.waitForLoadState('load'), page.click('button[type="submit"]')]);
      const summary = await page.locator('.govuk-error-summary').textContent();
      expect(summary).toMatch(/Grade must be one of/);
      expect(summary).toMatch(/Graded by must be one of/);
      expect(summary).toMatch(/Date of the grade/);
      await expect(page.locator('.govuk-error-summary a[href="#grade"]').count()).resolves.toBe(1);
      await expect(page.locator('#grade-error').textContent()).resolves.toMatch(/Grade must be one of/);
      await expect(page.inputValue('#evidence')).resolves.toBe('kept as typed');
      await expect(page.title()).resolves.toMatch(/^Error: /);
      await expectAccessible(page, 'forms-grade-errors');
      expect(await events()).toHaveLength(before.length);
    });

    it('refuses a POST without the CSRF token, or with a wrong one, and records nothing', async () => {
      const before = await events();
      await visit(page, form(), 'forms-grade-csrf');
      await page.check('#grade');
      await page.check('#gradedBy');
      const fields = await formFields(page);
      const { _csrf: token, ...withoutToken } = fields;
      expect(token).toMatch(/\./);
      const missing = await post(context, form(), withoutToken);
      expect(missing.status).toBe(403);
      expect(missing.body).toMatch(/did not come from this service/);
      const wrong = await post(context, form(), { ...fields, _csrf: `${token.split('.')[0]}.${'A'.repeat(43)}` });
      expect(wrong.status).toBe(403);
      // The right token from a browser without the cookie it was made from (another person's, or a forged page's).
      const stranger = await newContext(browser);
      try {
        expect((await post(stranger, form(), fields)).status).toBe(403);
      } finally {
        await stranger.close();
      }
      expect(await events()).toHaveLength(before.length);
    });

    it('sent twice (the same form: the same commandId) records once', async () => {
      const before = await events();
      await visit(page, form(), 'forms-grade-double');
      await page.check('#grade-4'); // blue: the radios after the first are numbered from 2
      await page.check('#gradedBy-2'); // commissioner
      const fields = await formFields(page);
      const first = await post(context, form(), fields);
      const second = await post(context, form(), fields);
      expect([first.status, second.status]).toEqual([303, 303]);
      const after = await events();
      expect(after).toHaveLength(before.length + 1);
      expect(after.at(-1)).toMatchObject({ type: 'ProgressGraded', commandId: fields.commandId, data: { grade: 'blue', target: 'plan' } });
    });

    it('opened before someone else changed the plan shows the conflict with a link to open it again, and records nothing', async () => {
      await visit(page, form(), 'forms-grade-stale');
      await record(running.baseUrl, 'holdBoardMeeting', {
        planId,
        meetingId: 'meanwhile',
        decisions: [],
        occurredAt: { from: '2018-02-01', precision: 'day' },
      });
      const before = await events();
      await page.check('#grade');
      await page.check('#gradedBy');
      await Promise.all([page.waitForLoadState('load'), page.click('button[type="submit"]')]);
      await expect(page.locator('.govuk-error-summary').textContent()).resolves.toMatch(
        /Someone changed this plan since you opened the form/,
      );
      await expect(page.locator('[data-conflict] a').getAttribute('href')).resolves.toBe(`/plans/${planId}/grades/new`);
      await expectAccessible(page, 'forms-grade-conflict');
      expect(await events()).toHaveLength(before.length);
    });

    it("grading a priority the plan does not have shows the domain's rule against the field", async () => {
      const before = await events();
      await visit(page, form(), 'forms-grade-unknown');
      // A choice the page never offered, as a hand-made request could send it.
      await page
        .locator('#subject option')
        .nth(1)
        .evaluate((option, value) => option.setAttribute('value', value), 'priority:no-such');
      await page.selectOption('#subject', 'priority:no-such');
      await page.check('#grade');
      await page.check('#gradedBy');
      await Promise.all([page.waitForLoadState('load'), page.click('button[type="submit"]')]);
      await expect(page.locator('.govuk-error-summary').textContent()).resolves.toMatch(/What is graded must name a priority of this plan/);
      await expect(page.locator('.govuk-error-summary a').first().getAttribute('href')).resolves.toBe('#subject');
      await expectAccessible(page, 'forms-grade-unknown-errors');
      expect(await events()).toHaveLength(before.length);
    });

    it('works with JavaScript off', async () => {
      const plain = await newContextWithoutJavaScript(browser);
      try {
        const noJs = await plain.newPage();
        const before = await events();
        await visit(noJs, form(), 'forms-grade-no-js');
        await noJs.check('#grade-2');
        await noJs.check('#gradedBy-2');
        await Promise.all([noJs.waitForURL(/recorded=grade/), noJs.click('button[type="submit"]')]);
        expect(await events()).toHaveLength(before.length + 1);
      } finally {
        await plain.close();
      }
    });
  });

  /** Submits the page's form by keyboard (Enter on its button) and waits for the answer. */
  async function submitWithKeyboard(): Promise<void> {
    await page.locator('form[method="post"] button[type="submit"]').focus();
    await Promise.all([page.waitForLoadState('load'), page.waitForEvent('framenavigated'), page.keyboard.press('Enter')]);
  }

  describe('hold a board meeting', () => {
    const form = () => url(`/plans/${planId}/board-meetings/new`);

    it('records the meeting with its chair and one decision a line', async () => {
      const before = await events();
      await visit(page, form(), 'forms-board-meeting');
      await page.fill('#meetingId', 'board-2018-03');
      await page.fill('#chair', 'Catherine Driscoll');
      await page.fill('#decisions', 'Adopt the practice standards\n\nReview the front door in June');
      await page.fill('#date-day', '14');
      await page.fill('#date-month', '3');
      await page.fill('#date-year', '2018');
      await submitWithKeyboard();
      expect(page.url()).toMatch(/recorded=board-meeting/);
      const after = await events();
      expect(after).toHaveLength(before.length + 1);
      expect(after.at(-1)).toMatchObject({
        type: 'BoardMeetingHeld',
        data: {
          meetingId: 'board-2018-03',
          chair: 'Catherine Driscoll',
          decisions: ['Adopt the practice standards', 'Review the front door in June'],
        },
      });
    });

    it('refuses a reference already used and a date that is not one, naming each, and records nothing', async () => {
      const before = await events();
      await visit(page, form(), 'forms-board-meeting-reused');
      await page.fill('#meetingId', 'board-2018-03');
      await page.fill('#date-day', '31');
      await page.fill('#date-month', '2');
      await submitWithKeyboard();
      const summary = await page.locator('.govuk-error-summary').textContent();
      expect(summary).toMatch(/Date of the meeting/);
      await expect(page.locator('.govuk-error-summary a[href="#date-day"]').count()).resolves.toBe(1);
      await expectAccessible(page, 'forms-board-meeting-errors');
      await page.fill('#date-day', '28');
      await submitWithKeyboard();
      await expect(page.locator('.govuk-error-summary').textContent()).resolves.toMatch(
        /Meeting reference is already a board meeting of this plan/,
      );
      await expect(page.inputValue('#chair')).resolves.toBe('');
      expect(await events()).toHaveLength(before.length);
    });
  });

  describe('add an action', () => {
    const form = () => url(`/plans/${planId}/actions/new?priority=front-door`);

    it('adds the action under the priority chosen', async () => {
      const before = await events();
      await visit(page, form(), 'forms-add-action');
      await expect(page.inputValue('#priorityId')).resolves.toBe('front-door');
      await page.fill('#title', 'Publish practice standards');
      await page.fill('#actionId', 'practice-standards');
      await page.fill('#owner', 'Principal social worker');
      await page.fill('#due-day', '30');
      await page.fill('#due-month', '9');
      await page.fill('#due-year', '2018');
      await submitWithKeyboard();
      expect(page.url()).toMatch(/recorded=action/);
      const after = await events();
      expect(after).toHaveLength(before.length + 1);
      expect(after.at(-1)).toMatchObject({
        type: 'ActionAdded',
        data: { actionId: 'practice-standards', priorityId: 'front-door', owner: 'Principal social worker', due: '2018-09-30' },
      });
    });

    it('sent blank names every required field, and a due date before 2000 shows the rule; nothing is recorded', async () => {
      const before = await events();
      await visit(page, url(`/plans/${planId}/actions/new`), 'forms-add-action-blank');
      await submitWithKeyboard();
      const summary = await page.locator('.govuk-error-summary').textContent();
      for (const field of ['Action reference', 'Action should not be empty', 'Owner', 'Due date']) expect(summary).toContain(field);
      await expectAccessible(page, 'forms-add-action-errors');
      await page.selectOption('#priorityId', 'front-door');
      await page.fill('#title', 'Too early');
      await page.fill('#actionId', 'too-early');
      await page.fill('#owner', 'Someone');
      await page.fill('#due-day', '1');
      await page.fill('#due-month', '1');
      await page.fill('#due-year', '1999');
      await submitWithKeyboard();
      await expect(page.locator('.govuk-error-summary').textContent()).resolves.toMatch(/Due date must not be before 2000-01-01/);
      await expect(page.inputValue('#title')).resolves.toBe('Too early');
      expect(await events()).toHaveLength(before.length);
    });
  });

  describe('re-date an action', () => {
    const form = () => url(`/plans/${planId}/actions/audit-referrals/re-date`);

    it('records the new due date with its reason (amendAction)', async () => {
      const before = await events();
      await visit(page, form(), 'forms-re-date');
      await expect(page.locator('.govuk-summary-list').textContent()).resolves.toMatch(/30 June 2018/);
      await page.fill('#due-day', '31');
      await page.fill('#due-month', '10');
      await page.fill('#due-year', '2018');
      await page.fill('#reason', 'The audit tool arrives in September');
      await submitWithKeyboard();
      expect(page.url()).toMatch(/recorded=re-date/);
      const after = await events();
      expect(after).toHaveLength(before.length + 1);
      expect(after.at(-1)).toMatchObject({
        type: 'ActionAmended',
        data: { actionId: 'audit-referrals', due: '2018-10-31', reason: 'The audit tool arrives in September' },
      });
    });

    it('sent blank asks for the date and the reason, and records nothing', async () => {
      const before = await events();
      await visit(page, form(), 'forms-re-date-blank');
      await submitWithKeyboard();
      const summary = await page.locator('.govuk-error-summary').textContent();
      expect(summary).toMatch(/New due date must be a real date/);
      expect(summary).toMatch(/Reason should not be empty/);
      await expectAccessible(page, 'forms-re-date-errors');
      expect(await events()).toHaveLength(before.length);
    });

    it('of an action the plan does not have is a page not found', async () => {
      await visit(page, url(`/plans/${planId}/actions/no-such/re-date`), 'forms-re-date-unknown', 404);
    });
  });

  describe('correct an entry, or retract it', () => {
    const entryOf = async (type: string, match: (data: Record<string, unknown>) => boolean) => {
      const found = (await events()).find((event) => event.type === type && match(event.data));
      if (!found) throw new Error(`no ${type} in ${stream}`);
      return found;
    };

    it('records a correction of the fields changed, with its reason (correctEvent), never editing the entry', async () => {
      const added = await entryOf('ActionAdded', (data) => data.actionId === 'audit-referrals');
      const before = await events();
      await visit(page, url(`/streams/${stream}/events/${added.eventId}/correct`), 'forms-correct');
      await expect(page.inputValue('#field-owner')).resolves.toBe('Head of service');
      await page.fill('#field-owner', 'Head of safeguarding');
      await page.fill('#reason', 'The plan names the head of safeguarding');
      await submitWithKeyboard();
      expect(page.url()).toMatch(new RegExp(`/streams/${stream}\\?recorded=correction$`));
      const after = await events();
      expect(after).toHaveLength(before.length + 1);
      expect(after.at(-1)).toMatchObject({
        type: 'EventCorrected',
        corrects: added.eventId,
        data: {
          correctedEventId: added.eventId,
          changes: { owner: 'Head of safeguarding' },
          reason: 'The plan names the head of safeguarding',
        },
      });
      expect(after.find((event) => event.eventId === added.eventId)?.data.owner).toBe('Head of service');
    });

    it('sent without a reason, then unchanged, then with a value off its rules, shows each rule; nothing is recorded', async () => {
      const added = await entryOf('ActionAdded', (data) => data.actionId === 'audit-referrals');
      const before = await events();
      await visit(page, url(`/streams/${stream}/events/${added.eventId}/correct`), 'forms-correct-blank');
      // What it holds now: the owner as corrected.
      await expect(page.inputValue('#field-owner')).resolves.toBe('Head of safeguarding');
      await submitWithKeyboard();
      await expect(page.locator('.govuk-error-summary').textContent()).resolves.toMatch(/Reason should not be empty/);
      await expectAccessible(page, 'forms-correct-errors');
      // With a reason, the domain's own rule: a correction must change something.
      await page.fill('#reason', 'Nothing, really');
      await submitWithKeyboard();
      await expect(page.locator('.govuk-error-summary').textContent()).resolves.toMatch(/The changes must change at least one field/);
      await page.fill('#field-due', '2018-02-30');
      await submitWithKeyboard();
      await expect(page.locator('#field-due-error').textContent()).resolves.toMatch(/due.*real date/);
      await expect(page.locator('.govuk-error-summary a[href="#field-due"]').count()).resolves.toBe(1);
      expect(await events()).toHaveLength(before.length);
    });

    it('retracts an entry with its reason (retractEvent)', async () => {
      await record(running.baseUrl, 'holdBoardMeeting', {
        planId,
        meetingId: 'on-the-wrong-plan',
        decisions: [],
        occurredAt: { from: '2018-04-01', precision: 'day' },
      });
      const meeting = await entryOf('BoardMeetingHeld', (data) => data.meetingId === 'on-the-wrong-plan');
      const before = await events();
      await visit(page, url(`/streams/${stream}/events/${meeting.eventId}/retract`), 'forms-retract');
      await submitWithKeyboard();
      await expect(page.locator('.govuk-error-summary').textContent()).resolves.toMatch(/Reason should not be empty/);
      await expectAccessible(page, 'forms-retract-errors');
      await page.fill('#reason', 'Entered on the wrong plan');
      await submitWithKeyboard();
      expect(page.url()).toMatch(/recorded=retraction/);
      const after = await events();
      expect(after).toHaveLength(before.length + 1);
      expect(after.at(-1)).toMatchObject({
        type: 'EventRetracted',
        corrects: meeting.eventId,
        data: { reason: 'Entered on the wrong plan' },
      });
    });

    it('of an entry that is not in the stream is a page not found', async () => {
      await visit(page, url(`/streams/${stream}/events/00000000-0000-4000-8000-000000000000/correct`), 'forms-correct-unknown', 404);
    });
  });

  describe('who may use the forms', () => {
    async function contextAs(role: 'viewer' | 'board', councils: string[]): Promise<BrowserContext> {
      const { token } = await grantToken(running.baseUrl, role, councils);
      const holder = await newContext(browser);
      await holder.setExtraHTTPHeaders({ authorization: `Bearer ${token}` });
      return holder;
    }

    it("refuses the form to a council's viewer, and to a board member of another council", async () => {
      for (const [role, councils] of [
        ['viewer', ['885']],
        ['board', ['344']],
      ] as const) {
        const holder = await contextAs(role, [...councils]);
        try {
          await visit(await holder.newPage(), url(`/plans/${planId}/grades/new`), `forms-grade-refused-${role}`, 403);
        } finally {
          await holder.close();
        }
      }
    });

    it("lets a board member record the board's grade, offers them no other body's, and refuses the commissioner's against its field", async () => {
      const holder = await contextAs('board', ['885']);
      try {
        const board = await holder.newPage();
        const before = await events();
        await visit(board, url(`/plans/${planId}/grades/new`), 'forms-grade-as-board');
        const offered = await board.locator('input[name="gradedBy"]').evaluateAll((radios) => radios.map((r) => r.getAttribute('value')));
        expect(offered).toEqual(['board']);
        // A post that names the commissioner anyway (an edited page, or a role taken away meanwhile).
        await board.check('#grade-3');
        await board.check('#gradedBy');
        // A radio's value is its attribute's, so the form now sends gradedBy=commissioner.
        await board.locator('#gradedBy').evaluate((radio) => radio.setAttribute('value', 'commissioner'));
        const [answer] = await Promise.all([
          board.waitForResponse((r) => r.request().method() === 'POST'),
          board.click('button[type="submit"]'),
        ]);
        expect(answer.status()).toBe(400);
        await board.waitForLoadState('load');
        await expect(board.locator('.govuk-error-summary').textContent()).resolves.toMatch(/grades given by the commissioner/);
        await expect(board.locator('#gradedBy-error').textContent()).resolves.toMatch(/commissioner/);
        expect(await events()).toHaveLength(before.length);
        await visit(board, url(`/plans/${planId}/grades/new`), 'forms-grade-as-board-again');
        await board.check('#grade-3');
        await board.check('#gradedBy'); // board
        await Promise.all([board.waitForURL(/recorded=grade/), board.click('button[type="submit"]')]);
        const after = await events();
        expect(after).toHaveLength(before.length + 1);
        expect(after.at(-1)).toMatchObject({ type: 'ProgressGraded', data: { grade: 'green', gradedBy: 'board' } });
      } finally {
        await holder.close();
      }
    });
  });
});
