import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type nunjucks from 'nunjucks';
import type { LedgerConfig } from '../config/ledger-config';
import { LEDGER_CONFIG } from '../event-store/event-store.tokens';
import { principalOf } from '../access/request-principal';
import type { Principal } from '../access/principal';
import { recordedNoticeOf } from './forms/recorded-notice';
import { govukEnvironment } from './govuk-views';
import { withTimeTravel, type TimeTravel } from './time-travel';

/**
 * The policy for pages: our own scripts, styles, fonts and images only; the one inline script GOV.UK's template needs
 * (marking the body `js-enabled`) and the module that starts its components carry a per-page nonce. Forms may post
 * only to this service (with an identity provider, be sent on to it). Charts are inline SVG drawn with attributes,
 * not style, so no inline style is allowed.
 */
const pagePolicy = (nonce: string, formTargets: string): string =>
  [
    "default-src 'none'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "manifest-src 'self'",
    "base-uri 'none'",
    `form-action ${formTargets}`,
    "frame-ancestors 'none'",
  ].join('; ');

export interface PageFrame {
  readonly travel?: TimeTravel;
  /** The page's own path, for the time-travel form and the "back to now" link. */
  readonly path: string;
  /** Breadcrumbs above the title, each with its link (time travel kept). */
  readonly breadcrumbs?: readonly { text: string; href: string }[];
}

/** Renders a page in the GOV.UK template, with what every page shows: who is signed in, the time travel and its banner. */
@Injectable()
export class WebPages {
  private readonly env: nunjucks.Environment = govukEnvironment();

  constructor(@Inject(LEDGER_CONFIG) private readonly config: LedgerConfig) {}

  /**
   * Browsers apply form-action to every redirect a form's submission leads to: a form sent with an ended session is
   * sent on to sign in at the provider, and signing out ends at the provider's end-session page.
   */
  private get formTargets(): string {
    return this.config.auth.mode === 'oidc' ? `'self' ${new URL(this.config.auth.issuer).origin}` : "'self'";
  }

  /** Where a browser goes to sign in with the identity provider; undefined in local mode, where nobody signs in. */
  get signInPath(): string | undefined {
    return this.config.auth.mode === 'oidc' ? '/sign-in' : undefined;
  }

  render(request: FastifyRequest, reply: FastifyReply, template: string, frame: PageFrame, context: object, status = 200): void {
    const nonce = randomBytes(16).toString('base64');
    const travel = frame.travel ?? {};
    let principal: Principal | undefined;
    try {
      principal = principalOf(request);
    } catch {
      principal = undefined;
    }
    const html = this.env.render(template, {
      ...context,
      cspNonce: nonce,
      serviceName: 'Plan Ledger',
      serviceUrl: withTimeTravel('/', travel),
      user: principal && principal.kind !== 'anonymous' ? { name: principal.displayName, id: principal.id, kind: principal.kind } : null,
      identityProvider: this.config.auth.mode !== 'local',
      travel,
      pastShown: Boolean(travel.knownAt || travel.asOf),
      path: frame.path,
      breadcrumbs: frame.breadcrumbs ?? [],
      href: (path: string, extra?: Record<string, string | undefined>) => withTimeTravel(path, travel, extra),
      nowHref: frame.path,
      recordedNotice: recordedNoticeOf(request.query),
      navigation: [
        { href: withTimeTravel('/', travel), text: 'Portfolio', active: frame.path === '/' },
        ...(principal && principal.kind !== 'anonymous' ? [{ text: `Signed in as ${principal.displayName}` }] : []),
        ...(this.config.auth.mode === 'oidc' && principal?.kind === 'oidc' ? [{ href: '/sign-out', text: 'Sign out' }] : []),
      ],
    });
    void reply
      .status(status)
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-security-policy', pagePolicy(nonce, this.formTargets))
      // Pages show what a person's roles let them see: never kept by a shared cache or the browser's back button.
      .header('cache-control', 'no-store')
      // The edge's no-referrer would make a browser post a page's forms with `Origin: null`, which the edge refuses as
      // another site's; referrers kept to this service (never sent elsewhere) let them name this origin.
      .header('referrer-policy', 'same-origin')
      .send(html);
  }
}
