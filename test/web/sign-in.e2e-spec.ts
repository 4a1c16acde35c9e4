import { ManualClock } from '@plan-ledger/event-store';
import { loadLedgerConfig } from '../../apps/api/src/config/ledger-config';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, newContext, visit } from '../support/browser';
import { graphql } from '../support/graphql';
import { startOidcIssuer, type OidcIssuer } from '../support/oidc-issuer';
import { startApp, type RunningApp } from '../support/running-app';

const GRANT = 'mutation ($input: GrantAccessInput!) { grantAccess(input: $input) { grantId } }';

/** The value a Set-Cookie list gives `name`, if any. */
function cookieIn(setCookies: readonly string[], name: string): string | undefined {
  const found = setCookies.find((cookie) => cookie.startsWith(`${name}=`));
  return found?.slice(name.length + 1).split(';')[0];
}

/**
 * A sign-in started at the service and approved at the issuer, stopped where the provider sends the browser back:
 * what an attacker could hold of someone's sign-in (the callback URL), and the cookie the browser that started it has.
 */
async function startedSignIn(baseUrl: string, subject: string): Promise<{ signInCookie: string; callback: URL; authorize: URL }> {
  const start = await fetch(`${baseUrl}/sign-in?returnTo=%2F`, { redirect: 'manual' });
  expect(start.status).toBe(303);
  const signInCookie = cookieIn(start.headers.getSetCookie(), 'ledger_sign_in');
  if (!signInCookie) throw new Error('no sign-in cookie');
  const authorize = new URL(start.headers.get('location') ?? '');
  const approved = new URL(authorize);
  approved.searchParams.set('login_hint', subject);
  const answer = await fetch(approved, { redirect: 'manual' });
  expect(answer.status).toBe(302);
  return { signInCookie, callback: new URL(answer.headers.get('location') ?? ''), authorize };
}

/** The provider's answer brought to the service by the browser holding `signInCookie`: the session cookie it gets, if any. */
async function finish(callback: URL, signInCookie: string): Promise<{ status: number; session?: string; text: string }> {
  const response = await fetch(callback, { redirect: 'manual', headers: { cookie: `ledger_sign_in=${signInCookie}` } });
  return { status: response.status, session: cookieIn(response.headers.getSetCookie(), 'ledger_session'), text: await response.text() };
}

/** A page asked for with only this session cookie: 200, or 303 to sign in. */
async function pageWith(baseUrl: string, session: string, path = '/'): Promise<{ status: number; location: string | null }> {
  const response = await fetch(`${baseUrl}${path}`, { redirect: 'manual', headers: { cookie: `ledger_session=${session}` } });
  await response.arrayBuffer();
  return { status: response.status, location: response.headers.get('location') };
}

async function signInInBrowser(page: Page, subject: string): Promise<void> {
  await page.locator('#login_hint').fill(subject);
  await page.click('button:has-text("Sign in")');
}

describe('browser sign-in with OpenID Connect (authorization code + PKCE) and sessions for the pages', () => {
  let issuer: OidcIssuer;
  let running: RunningApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    issuer = await startOidcIssuer();
    running = await startApp({
      env: {
        LEDGER_SEED_DEMO: 'true',
        LEDGER_OIDC_ISSUER: issuer.issuer,
        LEDGER_OIDC_AUDIENCE: issuer.audience,
        LEDGER_BOOTSTRAP_ADMIN: 'oidc:dev-admin',
      },
    });
    const admin = await issuer.sign({ sub: 'dev-admin' });
    const granted = await graphql(
      running.baseUrl,
      GRANT,
      { input: { subject: 'oidc:dev-board', displayName: 'Board member', role: 'board', councils: ['885'] } },
      { token: admin },
    );
    if (!granted.data) throw new Error(`grantAccess failed: ${granted.raw}`);
    browser = await launchBrowser();
    context = await newContext(browser);
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await running?.stop();
    await issuer?.stop();
  });

  it('sends a browser that is not signed in to sign in, and back to the page it asked for, signed in', async () => {
    await page.goto(`${running.baseUrl}/?judgement=inadequate`);
    // At the provider's sign-in page, reached through the service's /sign-in.
    expect(new URL(page.url()).origin).toBe(new URL(issuer.issuer).origin);
    const authorize = new URL(page.url());
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorize.searchParams.get('state')).toBeTruthy();
    expect(authorize.searchParams.get('nonce')).toBeTruthy();
    expect(authorize.searchParams.get('client_id')).toBe(issuer.clientId);
    await signInInBrowser(page, 'dev-board');
    await page.waitForURL(`${running.baseUrl}/?judgement=inadequate`);
    await visit(page, page.url(), 'signed-in-portfolio');
    await expect(page.locator('.govuk-service-navigation').textContent()).resolves.toMatch(/Signed in as Dev Board/);
    await expect(page.locator('.govuk-service-navigation a:has-text("Sign out")').count()).resolves.toBe(1);
    // The page asked for, its filter included.
    await expect(page.locator('#judgement').inputValue()).resolves.toBe('inadequate');

    const session = (await context.cookies()).find((cookie) => cookie.name === 'ledger_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/', expires: -1 });
    expect(session?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // The sign-in under way is over: its cookie was cleared.
    expect((await context.cookies()).some((cookie) => cookie.name === 'ledger_sign_in')).toBe(false);
  });

  it('does not let the session cookie authenticate /graphql: GraphQL stays bearer-only', async () => {
    // The same browser's cookies, sent by the context: the page answers, GraphQL does not.
    expect((await context.request.get(`${running.baseUrl}/`, { maxRedirects: 0 })).status()).toBe(200);
    const answer = await context.request.post(`${running.baseUrl}/graphql`, {
      data: { query: '{ accessGrants { subject } }' },
      headers: { origin: running.baseUrl },
    });
    expect(answer.status()).toBe(401);
    expect(await answer.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('signs out: the session ends, the provider is visited, and the old cookie no longer works', async () => {
    const before = (await context.cookies()).find((cookie) => cookie.name === 'ledger_session')?.value ?? '';
    expect(await pageWith(running.baseUrl, before)).toEqual({ status: 200, location: null });
    await page.click('.govuk-service-navigation a:has-text("Sign out")');
    await visit(page, page.url(), 'sign-out');
    await page.click('button[data-sign-out]');
    await page.waitForURL(`${running.baseUrl}/signed-out`);
    await visit(page, page.url(), 'signed-out');
    await expect(page.locator('h1').textContent()).resolves.toBe('You have signed out');
    expect((await context.cookies()).some((cookie) => cookie.name === 'ledger_session')).toBe(false);
    expect(await pageWith(running.baseUrl, before)).toEqual({ status: 303, location: '/sign-in?returnTo=%2F' });
  });

  it('refuses a sign-out posted without the form’s token', async () => {
    const { signInCookie, callback } = await startedSignIn(running.baseUrl, 'dev-board');
    const { session } = await finish(callback, signInCookie);
    const response = await fetch(`${running.baseUrl}/sign-out`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: `ledger_session=${session}`, 'content-type': 'application/x-www-form-urlencoded', origin: running.baseUrl },
      body: '',
    });
    expect(response.status).toBe(403);
    expect(await pageWith(running.baseUrl, session ?? '')).toEqual({ status: 200, location: null });
  });

  it('takes a tampered or unknown session cookie for no one, and sends the browser to sign in', async () => {
    const { signInCookie, callback } = await startedSignIn(running.baseUrl, 'dev-board');
    const { session } = await finish(callback, signInCookie);
    expect(session).toBeDefined();
    const valid = session ?? '';
    expect(await pageWith(running.baseUrl, valid)).toEqual({ status: 200, location: null });
    const tampered = `${valid.slice(0, -1)}${valid.endsWith('A') ? 'B' : 'A'}`;
    expect(await pageWith(running.baseUrl, tampered)).toEqual({ status: 303, location: '/sign-in?returnTo=%2F' });
    expect(await pageWith(running.baseUrl, `${valid}x`)).toEqual({ status: 303, location: '/sign-in?returnTo=%2F' });
  });

  it('refuses an answer whose state is not the one this browser’s sign-in sent, with a clean page', async () => {
    const { signInCookie, callback } = await startedSignIn(running.baseUrl, 'dev-board');
    const forged = new URL(callback);
    forged.searchParams.set('state', 'not-the-state-this-browser-sent');
    const attempt = await newContext(browser);
    try {
      await attempt.addCookies([{ name: 'ledger_sign_in', value: signInCookie, url: running.baseUrl }]);
      const tab = await attempt.newPage();
      await visit(tab, forged.href, 'sign-in-wrong-state', 400);
      await expect(tab.locator('[data-sign-in-failed]').textContent()).resolves.toMatch(/state differs/);
      expect((await attempt.cookies()).some((cookie) => cookie.name === 'ledger_session')).toBe(false);
    } finally {
      await attempt.close();
    }
    // The sign-in was spent by the attempt: the genuine answer cannot be used after it either.
    const genuine = await finish(callback, signInCookie);
    expect(genuine.status).toBe(400);
    expect(genuine.session).toBeUndefined();
  });

  it('refuses a replayed answer, and a code redeemed once already, with a clean page', async () => {
    const first = await startedSignIn(running.baseUrl, 'dev-board');
    const done = await finish(first.callback, first.signInCookie);
    expect(done.status).toBe(303);
    expect(done.session).toBeDefined();
    // The same answer again, from the same browser: its sign-in is over.
    const replay = await finish(first.callback, first.signInCookie);
    expect(replay.status).toBe(400);
    expect(replay.text).toMatch(/no sign-in was started in this browser/);
    expect(replay.session).toBeUndefined();
    // The code again, fitted to another sign-in's state: the provider refuses a code it has redeemed.
    const second = await startedSignIn(running.baseUrl, 'dev-board');
    const replayed = new URL(second.callback);
    replayed.searchParams.set('code', first.callback.searchParams.get('code') ?? '');
    const refused = await finish(replayed, second.signInCookie);
    expect(refused.status).toBe(400);
    expect(refused.text).toMatch(/invalid_grant \(the code was already redeemed\)/);
    expect(refused.session).toBeUndefined();
  });

  it('refuses a code obtained for another browser’s sign-in: its PKCE verifier is not this one’s', async () => {
    // The victim's code, intercepted; the attacker starts a sign-in of their own and brings the victim's code to it.
    const victim = await startedSignIn(running.baseUrl, 'dev-board');
    const attacker = await startedSignIn(running.baseUrl, 'someone-else');
    const injected = new URL(attacker.callback);
    injected.searchParams.set('code', victim.callback.searchParams.get('code') ?? '');
    const attempt = await newContext(browser);
    try {
      await attempt.addCookies([{ name: 'ledger_sign_in', value: attacker.signInCookie, url: running.baseUrl }]);
      const tab = await attempt.newPage();
      await visit(tab, injected.href, 'sign-in-wrong-pkce', 400);
      await expect(tab.locator('[data-sign-in-failed]').textContent()).resolves.toMatch(
        /invalid_grant \(code_verifier does not match the code_challenge \(PKCE\)\)/,
      );
    } finally {
      await attempt.close();
    }
  });

  it('is answered by an issuer that refuses a code without its PKCE verifier, or with another', async () => {
    const { callback, authorize } = await startedSignIn(running.baseUrl, 'dev-board');
    const token = `${new URL(issuer.issuer).origin}/${issuer.tenantId}/oauth2/v2.0/token`;
    const redeem = (verifier?: string) =>
      fetch(token, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          client_id: issuer.clientId,
          code: callback.searchParams.get('code') ?? '',
          redirect_uri: authorize.searchParams.get('redirect_uri') ?? '',
          ...(verifier !== undefined ? { code_verifier: verifier } : {}),
        }),
      }).then(async (response) => ({ status: response.status, body: (await response.json()) as Record<string, string> }));
    await expect(redeem()).resolves.toEqual({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'code_verifier is required (PKCE)' },
    });
    // Spent by the attempt: no second try, whatever the verifier.
    await expect(redeem('x'.repeat(43))).resolves.toMatchObject({
      status: 400,
      body: { error_description: 'the code was already redeemed' },
    });
  });

  it.each([
    ['//evil.example/', 'protocol-relative'],
    ['https://evil.example/', 'absolute'],
    ['/\\evil.example/', 'backslash'],
    ['/\t/evil.example/', 'control-character'],
  ])('refuses to send anyone on to another site after sign-in: returnTo=%j (%s)', async (returnTo, kind) => {
    const tab = await context.newPage();
    try {
      await visit(tab, `${running.baseUrl}/sign-in?returnTo=${encodeURIComponent(returnTo)}`, `sign-in-open-redirect-${kind}`, 400);
      await expect(tab.locator('.govuk-error-summary').textContent()).resolves.toMatch(/returnTo.*must be a path on this service/s);
    } finally {
      await tab.close();
    }
  });

  it('shows a signed-in person without any grant a 403 page naming what they lack', async () => {
    const fresh = await newContext(browser);
    try {
      const tab = await fresh.newPage();
      await tab.goto(`${running.baseUrl}/`);
      await signInInBrowser(tab, 'nobody-granted');
      await tab.waitForURL(`${running.baseUrl}/`);
      await visit(tab, tab.url(), 'signed-in-without-grant', 403);
      await expect(tab.locator('h1').textContent()).resolves.toBe('You do not have access to this page');
      await expect(tab.locator('main').textContent()).resolves.toMatch(/oidc:nobody-granted holds no role: an admin grants one/);
      // Holding no role, they can still sign out.
      await visit(tab, `${running.baseUrl}/sign-out`, 'sign-out-without-grant');
      await tab.click('button[data-sign-out]');
      await tab.waitForURL(`${running.baseUrl}/signed-out`);
      expect((await fresh.cookies()).some((cookie) => cookie.name === 'ledger_session')).toBe(false);
    } finally {
      await fresh.close();
    }
  });
});

describe('browser sessions end when unused for the idle time, and at the absolute expiry', () => {
  const clock = new ManualClock('2026-03-02T09:00:00.000Z');
  let issuer: OidcIssuer;
  let running: RunningApp;
  const minutes = (n: number) => n * 60_000;

  beforeAll(async () => {
    issuer = await startOidcIssuer();
    running = await startApp({
      clock,
      env: {
        LEDGER_OIDC_ISSUER: issuer.issuer,
        LEDGER_OIDC_AUDIENCE: issuer.audience,
        LEDGER_BOOTSTRAP_ADMIN: 'oidc:dev-admin',
        LEDGER_SESSION_IDLE_MINUTES: '30',
        LEDGER_SESSION_MAX_HOURS: '1',
      },
    });
  });
  afterAll(async () => {
    await running?.stop();
    await issuer?.stop();
  });

  const signedIn = async (): Promise<string> => {
    const { signInCookie, callback } = await startedSignIn(running.baseUrl, 'dev-admin');
    const { session } = await finish(callback, signInCookie);
    if (!session) throw new Error('not signed in');
    return session;
  };

  it('ends a session unused for 30 minutes; each use starts the 30 minutes again', async () => {
    const session = await signedIn();
    clock.advance(minutes(29));
    expect((await pageWith(running.baseUrl, session)).status).toBe(200);
    clock.advance(minutes(29));
    expect((await pageWith(running.baseUrl, session)).status).toBe(200);
    clock.advance(minutes(30));
    expect(await pageWith(running.baseUrl, session)).toEqual({ status: 303, location: '/sign-in?returnTo=%2F' });
  });

  it('ends a session at the absolute expiry however busy it is', async () => {
    const session = await signedIn();
    for (let used = 0; used < 3; used++) {
      clock.advance(minutes(19));
      expect((await pageWith(running.baseUrl, session)).status).toBe(200);
    }
    clock.advance(minutes(4));
    expect(await pageWith(running.baseUrl, session)).toEqual({ status: 303, location: '/sign-in?returnTo=%2F' });
  });
});

describe('a confidential client: LEDGER_OIDC_CLIENT_ID and LEDGER_OIDC_CLIENT_SECRET', () => {
  let issuer: OidcIssuer;
  const apps: RunningApp[] = [];
  const started = async (secret: string) => {
    const running = await startApp({
      env: {
        LEDGER_OIDC_ISSUER: issuer.issuer,
        LEDGER_OIDC_AUDIENCE: issuer.audience,
        LEDGER_OIDC_CLIENT_ID: 'plan-ledger-web',
        LEDGER_OIDC_CLIENT_SECRET: secret,
        LEDGER_BOOTSTRAP_ADMIN: 'oidc:dev-admin',
      },
    });
    apps.push(running);
    return running;
  };

  beforeAll(async () => {
    issuer = await startOidcIssuer({ clientId: 'plan-ledger-web', clientSecret: 'the-right-secret' });
  });
  afterAll(async () => {
    for (const running of apps) await running.stop();
    await issuer?.stop();
  });

  it('signs in with its secret and PKCE, the ID token being for the client id', async () => {
    const running = await started('the-right-secret');
    const { signInCookie, callback, authorize } = await startedSignIn(running.baseUrl, 'dev-admin');
    expect(authorize.searchParams.get('client_id')).toBe('plan-ledger-web');
    const { status, session } = await finish(callback, signInCookie);
    expect(status).toBe(303);
    expect(await pageWith(running.baseUrl, session ?? '')).toEqual({ status: 200, location: null });
  });

  it('is refused by the provider with a wrong secret, and says so', async () => {
    const running = await started('a-wrong-secret');
    const { signInCookie, callback } = await startedSignIn(running.baseUrl, 'dev-admin');
    const { status, session, text } = await finish(callback, signInCookie);
    expect(status).toBe(400);
    expect(session).toBeUndefined();
    expect(text).toMatch(/invalid_client \(the client secret is missing or wrong\)/);
  });
});

describe('the browser sign-in settings', () => {
  const oidc = { LEDGER_OIDC_ISSUER: 'https://login.example.gov.uk/tenant/v2.0', LEDGER_OIDC_AUDIENCE: 'api-app-id' };

  it('default to a public client named by the audience, 30 minutes idle and 8 hours at most, the callback on the request’s origin', () => {
    expect(loadLedgerConfig(oidc).browserSignIn).toEqual({
      clientId: 'api-app-id',
      sessionIdleMs: 30 * 60_000,
      sessionMaxMs: 8 * 3_600_000,
    });
    expect(loadLedgerConfig({}).browserSignIn).toBeUndefined();
  });

  it.each([
    'http://ledger.example.gov.uk/sign-in/callback',
    'https://ledger.example.gov.uk/elsewhere',
    'https://ledger.example.gov.uk/sign-in/callback?x=1',
    'not a url',
  ])('refuse a redirect URI that is not https://<the service>/sign-in/callback: %s', (uri) => {
    expect(() => loadLedgerConfig({ ...oidc, LEDGER_OIDC_REDIRECT_URI: uri })).toThrow(/^LEDGER_OIDC_REDIRECT_URI: /);
  });

  it('refuse session lengths out of bounds', () => {
    expect(() => loadLedgerConfig({ ...oidc, LEDGER_SESSION_IDLE_MINUTES: '0' })).toThrow(/^LEDGER_SESSION_IDLE_MINUTES: /);
    expect(() => loadLedgerConfig({ ...oidc, LEDGER_SESSION_MAX_HOURS: '1000' })).toThrow(/^LEDGER_SESSION_MAX_HOURS: /);
  });
});
