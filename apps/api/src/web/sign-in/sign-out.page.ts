import { Controller, Get, HttpStatus, Inject, NotFoundException, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../../access/access-rule';
import { Authenticator } from '../../access/authenticator';
import { setCookie } from '../../access/browser-session-cookie';
import type { BrowserSessions } from '../../access/browser-sessions';
import type { LedgerConfig } from '../../config/ledger-config';
import { LEDGER_CONFIG } from '../../event-store/event-store.tokens';
import { CSRF_FIELD, csrfTokenValid, issueCsrfToken } from '../forms/csrf';
import { csrfRefusal } from '../forms/form-flow';
import { WebErrorFilter } from '../web-error.filter';
import { WebPages } from '../web-pages';
import { OidcClient } from './oidc-client';
import { serviceOriginOf } from './redirect-uri';

/**
 * Signing out: `GET /sign-out` asks (the navigation's link), `POST /sign-out` ends the session and sends the browser
 * to the provider's end_session_endpoint when it has one, `/signed-out` says it is done. The POST is same-origin
 * only: the edge refuses a POST whose Origin is another site's, the SameSite=Lax cookie is not sent with one, and the
 * form carries the forms' CSRF token.
 */
@Controller()
@UseFilters(WebErrorFilter)
export class SignOutPage {
  constructor(
    private readonly pages: WebPages,
    private readonly oidc: OidcClient,
    private readonly authenticator: Authenticator,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  @Get('sign-out')
  @Public('asks whether to sign out: shows only the name of whoever is signed in')
  confirm(@Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    const sessions = this.sessions();
    // From the session, not the request's principal: someone whose grants were all revoked has no principal for
    // pages (they are shown 403) but must still be able to sign out.
    const id = sessions.cookieOf(request, 'session');
    const found = id !== undefined ? sessions.find(id) : undefined;
    const signedIn = found && 'session' in found ? found.session.displayName || found.session.subject : undefined;
    this.pages.render(
      request,
      reply,
      'sign-in/sign-out.njk',
      { path: '/sign-out' },
      {
        title: signedIn ? 'Sign out' : 'You are not signed in',
        signedIn,
        providerSignOut: true,
        csrfField: CSRF_FIELD,
        csrfToken: signedIn ? issueCsrfToken(request, reply) : undefined,
      },
    );
  }

  @Post('sign-out')
  @Public('ends the session its own cookie names, if any: nobody else is signed out by it')
  async signOut(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const sessions = this.sessions();
    // The forms' CSRF token as well as the edge's Origin check and the SameSite cookie: signing someone out from
    // another site is a nuisance, and the same rule for every form is simplest to trust.
    const body = request.body;
    const token =
      typeof body === 'object' && body !== null && CSRF_FIELD in body ? (body as Record<string, unknown>)[CSRF_FIELD] : undefined;
    if (!csrfTokenValid(request, token)) throw csrfRefusal();
    const id = sessions.cookieOf(request, 'session');
    const ended = id !== undefined ? sessions.end(id) : undefined;
    const signedOut = `${serviceOriginOf(this.config, request)}/signed-out`;
    const provider = ended ? await this.oidc.endSessionUrl(ended.idToken, signedOut) : undefined;
    void reply
      .header('set-cookie', setCookie('session', sessions.https(request), undefined))
      .header('cache-control', 'no-store')
      .redirect(provider?.href ?? '/signed-out', HttpStatus.SEE_OTHER);
  }

  @Get('signed-out')
  @Public('says the session has ended')
  signedOut(@Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    this.sessions();
    this.pages.render(request, reply, 'sign-in/signed-out.njk', { path: '/signed-out' }, { title: 'You have signed out' });
  }

  private sessions(): BrowserSessions {
    if (!this.authenticator.sessions) throw new NotFoundException();
    return this.authenticator.sessions;
  }
}
