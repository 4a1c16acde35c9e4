import type { BrowserContext, Page } from 'playwright-core';
import { axeViolations, describeViolations, screenshot } from '../support/browser';
import { graphql, RECORD_RESULT } from '../support/graphql';

/** What the forms' tests read and set up through the real GraphQL API, as any client would. */

export interface HistoryNode {
  eventId: string;
  revision: string;
  type: string;
  data: Record<string, unknown>;
  commandId: string | null;
  corrects: string | null;
}

export async function historyOf(baseUrl: string, streamId: string): Promise<HistoryNode[]> {
  const answer = await graphql<{ history: { edges: { node: HistoryNode }[] } }>(
    baseUrl,
    'query ($streamId: String!) { history(streamId: $streamId, first: 100) { edges { node { eventId revision type data commandId corrects } } } }',
    { streamId },
  );
  if (!answer.data) throw new Error(answer.raw);
  return answer.data.history.edges.map((edge) => edge.node);
}

export async function record(baseUrl: string, mutation: string, input: Record<string, unknown>): Promise<{ revision: string }> {
  const type = `${mutation[0].toUpperCase()}${mutation.slice(1)}Input`;
  const answer = await graphql<Record<string, { revision: string }>>(
    baseUrl,
    `mutation ($input: ${type}!) { ${mutation}(input: $input) { ${RECORD_RESULT} } }`,
    { input },
  );
  if (!answer.data) throw new Error(answer.raw);
  return answer.data[mutation];
}

/** A plan of Worcestershire's (885) of the test's own, with one priority and one action. */
export async function planWithOnePriority(baseUrl: string, planId: string): Promise<void> {
  const occurredAt = { from: '2018-01-10', precision: 'day' };
  await record(baseUrl, 'createPlan', { planId, laCode: '885', title: `Plan ${planId}`, kind: 'improvement plan', occurredAt });
  await record(baseUrl, 'setPriority', { planId, priorityId: 'front-door', title: 'Family Front Door', occurredAt });
  await record(baseUrl, 'addAction', {
    planId,
    actionId: 'audit-referrals',
    priorityId: 'front-door',
    title: 'Audit referrals monthly',
    owner: 'Head of service',
    due: '2018-06-30',
    occurredAt,
  });
}

/** The fields a form would post, as the page holds them now (hidden ones included). */
export async function formFields(page: Page, selector = 'form[method="post"]'): Promise<Record<string, string>> {
  // As text in the page: the test's own compiler has no DOM types.
  return page.evaluate(
    `Object.fromEntries([...new FormData(document.querySelector(${JSON.stringify(selector)}))].filter(([, v]) => typeof v === 'string'))`,
  ) as Promise<Record<string, string>>;
}

/** POSTs fields as the browser would (its cookies), outside the page: a replay, a forged or a doubled submit. */
export async function post(
  context: BrowserContext,
  url: string,
  form: Record<string, string>,
): Promise<{ status: number; location?: string; body: string }> {
  const response = await context.request.post(url, { form, maxRedirects: 0 });
  return { status: response.status(), location: response.headers().location, body: await response.text() };
}

/** The page as it stands (an answer to a POST, which visit() cannot open): screenshot kept, no axe-core violation. */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  const violations = await axeViolations(page);
  if (violations.length > 0) throw new Error(`axe-core on ${page.url()} (${name}):\n${describeViolations(violations)}`);
}
