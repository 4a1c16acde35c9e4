import { Injectable, Logger } from '@nestjs/common';
import type { MercuriusDriverConfig } from '@nestjs/mercurius';
import { specifiedRules, validate, type DocumentNode, type GraphQLSchema, type ValidationRule } from 'graphql';
import { Authenticator } from '../../access/authenticator';
import type { Principal } from '../../access/principal';

/** What a connection's `connection_init` adds to its subscriptions' context. */
export interface ConnectionIdentity {
  /** Who the connection's token (connectionParams) says it is; absent when it sent none. */
  readonly ledgerSubscriber?: Principal;
}

type SubscriptionOptions = Exclude<MercuriusDriverConfig['subscription'], boolean | undefined>;
type ConnectionInit = Parameters<NonNullable<SubscriptionOptions['onConnect']>>[0];

// Beyond this, a proxy or load balancer in front would cut an idle connection before a change comes.
const KEEP_ALIVE_MS = 25_000;

/**
 * Who may open a GraphQL WebSocket, and what its subscriptions are held to.
 *
 * The upgrade is an HTTP request to /graphql like any other, so the authentication hooks have already named its
 * principal (Authorization header, or the local user in local mode) or refused it (anonymous or roleless: 401/403, so
 * an anonymous connection never opens when an identity provider is configured). A client that cannot set headers on
 * an upgrade (a browser) sends its token in connectionParams, `{ authorization: 'Bearer ...' }`, checked here exactly as
 * a header is; it then acts as that principal, never more than it.
 */
@Injectable()
export class SubscriptionGate {
  private readonly logger = new Logger('Subscriptions');

  constructor(private readonly authenticator: Authenticator) {}

  /** Mercurius' `subscription` options: WebSocket at /graphql, graphql-transport-ws and graphql-ws subprotocols. */
  subscriptionOptions(): SubscriptionOptions {
    return {
      onConnect: (init: ConnectionInit) => this.connect(init.payload as unknown),
      keepAlive: KEEP_ALIVE_MS,
    };
  }

  /**
   * graphql-js' `subscribe`, which Mercurius calls for a subscription, does not validate the document, so neither the
   * specified rules nor the edge's limits (depth, aliases, cost, no introspection) would apply: they run here.
   */
  hooks(validationRules: readonly ValidationRule[]): NonNullable<MercuriusDriverConfig['hooks']> {
    return {
      preSubscriptionExecution: (schema: GraphQLSchema, document: DocumentNode) => {
        const errors = validate(schema, document, [...specifiedRules, ...validationRules]);
        if (errors.length > 0) throw errors[0];
      },
    };
  }

  /** Accepts the connection (true: as the upgrade's principal; an identity: as the token's), or refuses it (false). */
  private async connect(payload: unknown): Promise<boolean | ConnectionIdentity> {
    const authorization = authorizationIn(payload);
    if (authorization === undefined) return true;
    if (authorization === null) return false;
    try {
      // With a token, where the connection came from does not matter; without one (an empty string), it must never
      // make anyone the local user: only the upgrade request's own address and headers can.
      const principal = await this.authenticator.authenticate(authorization, { loopback: false, forwarded: true });
      if (principal.kind === 'anonymous' || principal.roles.length === 0) return false;
      return { ledgerSubscriber: principal };
    } catch (error) {
      this.logger.log(`refused a subscription connection: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    }
  }
}

/**
 * The Authorization value in connectionParams: `authorization` (or `Authorization`), at the top or under `headers`
 * (as some clients nest it). undefined when there is none; null when there is one but it is not text.
 */
function authorizationIn(payload: unknown): string | null | undefined {
  if (!isRecord(payload)) return undefined;
  const places = [payload, isRecord(payload.headers) ? payload.headers : {}];
  for (const place of places)
    for (const key of ['authorization', 'Authorization']) {
      const value = place[key];
      if (value === undefined) continue;
      return typeof value === 'string' ? value : null;
    }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
