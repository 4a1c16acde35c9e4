import { timingSafeEqual } from 'node:crypto';
import { Controller, Get, HttpStatus, Inject, NotFoundException, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../../access/access-rule';
import { Authenticator, IdentityProviderUnavailable } from '../../access/authenticator';
import { setCookie } from '../../access/browser-session-cookie';
import { SIGN_IN_WINDOW_MS, type BrowserSessions, type PendingSignIn } from '../../access/browser-sessions';
import type { LedgerConfig } from '../../config/ledger-config';
import { Unauthenticated } from '../../errors/access-errors';
import { LEDGER_CONFIG } from '../../event-store/event-store.tokens';
import { WebErrorFilter } from '../web-error.filter';
import { WebPages } from '../web-pages';
import { OidcClient, SignInRefused } from './oidc-client';
import { redirectUriOf } from './redirect-uri';
import { returnToOf } from './return-to';

/**
 * `/sign-in`: the browser sign-in, the authorization code flow with PKCE. The start keeps the state, the nonce and the
 * PKCE verifier on the server, under a random id in a short-lived cookie; the callback takes them (once, whatever
 * comes of it), checks the provider's answer against them, and opens a session for the person the ID token names.
 */
@Controller('sign-in')
@UseFilters(WebErrorFilter)
export class SignInPage {
  constructor(
    private readonly pages: WebPages,
    private readonly oidc: OidcClient,
    private readonly authenticator: Authenticator,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  @Get()
  @Public('starts a sign-in with the identity provider: for anyone not signed in yet')
  async start(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const sessions = this.sessions();
    const query = (request.query ?? {}) as Record<string, unknown>;
    const returnTo = returnToOf(query.returnTo);
    const checks = OidcClient.checks();
    const redirectUri = redirectUriOf(this.config, request);
    let url: URL;
    try {
      url = await this.oidc.authorizationUrl(checks, redirectUri);
    } catch (error) {
      return this.failed(request, reply, error, returnTo);
    }
    const id = sessions.startSignIn({ ...checks, returnTo, redirectUri });
    void reply
      .header('set-cookie', setCookie('sign-in', sessions.https(request), id, SIGN_IN_WINDOW_MS / 1000))
      .header('cache-control', 'no-store')
      .redirect(url.href, HttpStatus.SEE_OTHER);
  }

  @Get('callback')
  @Public("finishes a sign-in: the provider's answer is checked here against the sign-in this browser started")
  async callback(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const sessions = this.sessions();
    const https = sessions.https(request);
    const id = sessions.cookieOf(request, 'sign-in');
    const pending = id !== undefined ? sessions.takeSignIn(id) : undefined;
    // Whatever comes of this answer, the sign-in it belongs to is over.
    void reply.header('set-cookie', setCookie('sign-in', https, undefined));
    if (!pending)
      return this.failed(
        request,
        reply,
        new SignInRefused(
          `no sign-in was started in this browser in the last ${SIGN_IN_WINDOW_MS / 60_000} minutes, or its answer was used already`,
        ),
      );
    try {
      const state = (request.query as Record<string, unknown> | undefined)?.state;
      // Checked here before the code goes anywhere (openid-client checks it again): an answer meant for another
      // browser's sign-in must not be exchanged in this one's name.
      if (typeof state !== 'string' || !same(state, pending.state))
        throw new SignInRefused("the provider's answer does not belong to the sign-in started in this browser (its state differs)");
      const { subject, displayName, idToken } = await this.signedIn(request, pending);
      const previous = sessions.cookieOf(request, 'session');
      // A new id at every sign-in: a session id planted before it (session fixation) is never promoted.
      if (previous !== undefined) sessions.end(previous);
      const session = sessions.open({ subject, displayName: displayName ?? '', idToken });
      void reply
        .header('set-cookie', setCookie('session', https, session))
        .header('cache-control', 'no-store')
        .redirect(pending.returnTo, HttpStatus.SEE_OTHER);
    } catch (error) {
      return this.failed(request, reply, error, pending.returnTo);
    }
  }

  private async signedIn(
    request: FastifyRequest,
    pending: PendingSignIn,
  ): Promise<{ subject: string; displayName?: string; idToken: string }> {
    // The answer exactly as the browser brought it, at the redirect URI the sign-in was started with.
    const callback = new URL(pending.redirectUri);
    const question = request.url.indexOf('?');
    callback.search = question >= 0 ? request.url.slice(question) : '';
    const { claims, idToken } = await this.oidc.exchange(callback, pending);
    try {
      return { ...this.authenticator.claimed(claims), idToken };
    } catch (error) {
      if (error instanceof Unauthenticated) throw new SignInRefused(`the ID token cannot name you here: ${error.message}`);
      throw error;
    }
  }

  private sessions(): BrowserSessions {
    // Local mode: nobody signs in, the person at the machine is the local user.
    if (!this.authenticator.sessions) throw new NotFoundException();
    return this.authenticator.sessions;
  }

  /** A clean page saying what went wrong, with a way to start again; a fault of ours goes to the error filter. */
  private failed(request: FastifyRequest, reply: FastifyReply, error: unknown, returnTo = '/'): void {
    if (!(error instanceof SignInRefused) && !(error instanceof IdentityProviderUnavailable)) throw error;
    const status = error instanceof IdentityProviderUnavailable ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.BAD_REQUEST;
    this.pages.render(
      request,
      reply,
      'sign-in/sign-in-failed.njk',
      { path: '/sign-in' },
      {
        title: status === HttpStatus.SERVICE_UNAVAILABLE ? 'Sorry, signing in is not working' : 'You have not been signed in',
        message: error.message,
        status,
        again: `/sign-in?returnTo=${encodeURIComponent(returnTo)}`,
      },
      status,
    );
  }
}

function same(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
