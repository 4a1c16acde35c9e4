/**
 * Refusals of a subscription. They carry GraphQL `extensions` themselves: a subscription's errors reach the client
 * through Mercurius' WebSocket connection, which does not pass them through the service's error formatter, and
 * graphql-js copies an original error's extensions onto the error it sends.
 */
export class SubscriptionRefused extends Error {
  readonly extensions: { readonly code: string; readonly [key: string]: unknown };

  constructor(code: string, message: string, extra: Record<string, unknown> = {}) {
    super(message);
    this.name = 'SubscriptionRefused';
    this.extensions = { code, ...extra };
  }
}

/** The subscriber may not read the council (or plan) its arguments name. */
export class SubscriptionForbidden extends SubscriptionRefused {
  constructor(missing: string) {
    super('FORBIDDEN', `forbidden: ${missing}`, { missing });
    this.name = 'SubscriptionForbidden';
  }
}

/** Nobody (or nobody with a role) on the connection. */
export class SubscriptionUnauthenticated extends SubscriptionRefused {
  constructor(reason: string) {
    super('UNAUTHENTICATED', reason);
    this.name = 'SubscriptionUnauthenticated';
  }
}

/** One principal holds too many live subscriptions at once: each costs a queue and a filter on every event. */
export class TooManySubscriptions extends SubscriptionRefused {
  constructor(principalId: string, max: number) {
    super(
      'TOO_MANY_SUBSCRIPTIONS',
      `${principalId} already holds ${max} live subscriptions, the most one principal may hold: end one first`,
      {
        max,
      },
    );
    this.name = 'TooManySubscriptions';
  }
}

/** The subscriber did not take its messages as fast as the log grew; ended rather than kept growing in memory. */
export class SubscriberFellBehind extends SubscriptionRefused {
  constructor(max: number, lastDelivered: bigint | undefined) {
    super(
      'SUBSCRIBER_FELL_BEHIND',
      `more than ${max} changes waited for this subscriber, so it was ended: subscribe again, and read what changed ` +
        `after position ${lastDelivered?.toString() ?? 'of your last message'} with the queries`,
      { max, ...(lastDelivered !== undefined ? { lastDeliveredPosition: lastDelivered.toString() } : {}) },
    );
    this.name = 'SubscriberFellBehind';
  }
}

/** The store's live feed failed: every subscriber is ended, so none waits for changes that will not come. */
export class ChangeFeedInterrupted extends SubscriptionRefused {
  constructor(reason: string) {
    super('SERVICE_UNAVAILABLE', `the live feed of the log stopped (${reason}): subscribe again`);
    this.name = 'ChangeFeedInterrupted';
  }
}
