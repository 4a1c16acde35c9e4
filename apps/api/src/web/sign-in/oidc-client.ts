import { Inject, Injectable } from '@nestjs/common';
import * as client from 'openid-client';
import { IdentityProviderUnavailable } from '../../access/authenticator';
import type { LedgerConfig } from '../../config/ledger-config';
import { isLoopbackHost } from '../../config/loopback';
import { LEDGER_CONFIG } from '../../event-store/event-store.tokens';

/** The provider refused or failed the sign-in for a reason the person can be told (and try again). */
export class SignInRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SignInRefused';
  }
}

/** What a sign-in sends to the provider and must find again in its answer. */
export interface SignInChecks {
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
}

/**
 * The service as an OpenID Connect client of the provider, through openid-client: discovery, the authorization URL
 * with PKCE (S256), the code exchange with every check of the answer and the ID token (state, issuer, audience = our
 * client id, nonce, expiry, and its signature against the provider's keys), and the end-session URL.
 */
@Injectable()
export class OidcClient {
  private configuration: Promise<client.Configuration> | undefined;

  constructor(@Inject(LEDGER_CONFIG) private readonly config: LedgerConfig) {}

  /** Fresh random values for a sign-in: nothing here is derived from anything an attacker knows. */
  static checks(): SignInChecks {
    return { state: client.randomState(), nonce: client.randomNonce(), codeVerifier: client.randomPKCECodeVerifier() };
  }

  async authorizationUrl(checks: SignInChecks, redirectUri: string): Promise<URL> {
    const configuration = await this.discovered();
    return client.buildAuthorizationUrl(configuration, {
      redirect_uri: redirectUri,
      response_type: 'code',
      scope: 'openid profile',
      state: checks.state,
      nonce: checks.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(checks.codeVerifier),
      code_challenge_method: 'S256',
    });
  }

  /**
   * The provider's answer (the callback URL as the browser brought it) exchanged for tokens; the ID token's claims,
   * and the token itself (for signing out), once every check has passed.
   */
  async exchange(callback: URL, checks: SignInChecks): Promise<{ claims: client.IDToken; idToken: string }> {
    const configuration = await this.discovered();
    let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
    try {
      tokens = await client.authorizationCodeGrant(configuration, callback, {
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        pkceCodeVerifier: checks.codeVerifier,
        idTokenExpected: true,
      });
    } catch (error) {
      throw refusal(error);
    }
    const claims = tokens.claims();
    if (!claims || tokens.id_token === undefined) throw new SignInRefused('the identity provider sent no ID token');
    return { claims, idToken: tokens.id_token };
  }

  /** Where to send the browser so the provider ends its own session too; undefined if it publishes no end_session_endpoint. */
  async endSessionUrl(idToken: string | undefined, postLogoutRedirectUri: string): Promise<URL | undefined> {
    let configuration: client.Configuration;
    try {
      configuration = await this.discovered();
    } catch {
      // The provider being down must not keep anyone signed in here: they are signed out of this service regardless.
      return undefined;
    }
    if (!configuration.serverMetadata().end_session_endpoint) return undefined;
    return client.buildEndSessionUrl(configuration, {
      post_logout_redirect_uri: postLogoutRedirectUri,
      ...(idToken !== undefined ? { id_token_hint: idToken } : {}),
    });
  }

  private discovered(): Promise<client.Configuration> {
    const auth = this.config.auth;
    const browser = this.config.browserSignIn;
    if (auth.mode !== 'oidc' || !browser) return Promise.reject(new Error('browser sign-in needs an identity provider (oidc mode)'));
    this.configuration ??= (async () => {
      const issuer = new URL(auth.issuer);
      const secret = browser.clientSecret;
      try {
        const configuration = await client.discovery(
          issuer,
          browser.clientId,
          secret !== undefined ? { client_secret: secret } : undefined,
          secret !== undefined ? client.ClientSecretPost(secret) : client.None(),
          {
            // The configuration allows plain HTTP only for a provider on this machine (the development issuer).
            execute: issuer.protocol === 'http:' && isLoopbackHost(issuer.hostname) ? [client.allowInsecureRequests] : [],
            timeout: 5,
          },
        );
        // Check the ID token's signature against the provider's keys too, not only the TLS channel it came over.
        client.enableNonRepudiationChecks(configuration);
        return configuration;
      } catch (error) {
        throw new IdentityProviderUnavailable(
          `cannot read the identity provider's discovery document at ${auth.issuer}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    })();
    // A failed discovery is tried again by the next sign-in, not remembered.
    this.configuration.catch(() => (this.configuration = undefined));
    return this.configuration;
  }
}

function refusal(error: unknown): Error {
  if (error instanceof client.AuthorizationResponseError)
    return new SignInRefused(
      `the identity provider did not sign you in: ${error.error}${error.error_description ? ` (${error.error_description})` : ''}`,
    );
  if (error instanceof client.ResponseBodyError)
    return new SignInRefused(
      `the identity provider refused the sign-in: ${error.error}${error.error_description ? ` (${error.error_description})` : ''}`,
    );
  if (error instanceof client.ClientError) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return new SignInRefused(`the identity provider's answer fails a check: ${error.message}${cause}`);
  }
  return new IdentityProviderUnavailable(
    `cannot reach the identity provider to finish signing in: ${error instanceof Error ? error.message : String(error)}`,
  );
}
