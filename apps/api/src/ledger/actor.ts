import type { Actor } from '@plan-ledger/event-store';

/**
 * Until the security issue lands there is no authenticated principal: every event is recorded as made by
 * this configured development principal, so the log says plainly that nobody was authenticated.
 */
export function developmentPrincipal(env: NodeJS.ProcessEnv = process.env): Actor {
  return { id: env.LEDGER_DEV_ACTOR_ID?.trim() || 'development-principal', role: 'development (unauthenticated)' };
}
