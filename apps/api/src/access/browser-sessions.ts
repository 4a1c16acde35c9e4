import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '@plan-ledger/event-store';
import type { FastifyRequest } from 'fastify';
import type { BrowserSignInConfig } from '../config/ledger-config';
import { cookieId, overHttps, type BrowserCookie } from './browser-session-cookie';

/** Who signed in: the subject their bearer tokens would name, and the name the ID token gave. */
export interface BrowserSession {
  readonly subject: string;
  readonly displayName: string;
  /** Sent back to the provider's end_session_endpoint as id_token_hint, so it knows whom to sign out. */
  readonly idToken?: string;
  readonly createdAt: number;
  lastSeenAt: number;
}

/** A sign-in under way: what the provider's answer must match, kept here rather than in the browser. */
export interface PendingSignIn {
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
  readonly returnTo: string;
  readonly redirectUri: string;
  readonly startedAt: number;
}

export type SessionLookup = { readonly session: BrowserSession } | { readonly ended: string };

/** How long a person has to sign in at the provider before the sign-in under way is forgotten. */
export const SIGN_IN_WINDOW_MS = 10 * 60_000;
// Bounds on memory: starting a sign-in costs an attacker one request, so the oldest are forgotten past this many.
const MAX_PENDING = 10_000;
const MAX_SESSIONS = 100_000;
const SWEEP_EVERY_MS = 60_000;

/**
 * The server side of browser sign-in: sessions and sign-ins under way, in this process's memory (a restart signs
 * everyone out), each known by a random 256-bit id that only the browser holds. They are stored under the id's
 * SHA-256, so that what sits in memory cannot be replayed as a cookie.
 */
export class BrowserSessions {
  private readonly sessions = new Map<string, BrowserSession>();
  private readonly pending = new Map<string, PendingSignIn>();
  private sweptAt = 0;

  constructor(
    private readonly config: BrowserSignInConfig,
    private readonly clock: Clock,
  ) {}

  /** The id the request's cookie holds, under the name its transport uses. */
  cookieOf(request: FastifyRequest, cookie: BrowserCookie): string | undefined {
    return cookieId(request, cookie, overHttps(this.config, request));
  }

  https(request: FastifyRequest): boolean {
    return overHttps(this.config, request);
  }

  get idleMinutes(): number {
    return Math.round(this.config.sessionIdleMs / 60_000);
  }

  get maxHours(): number {
    return Math.round(this.config.sessionMaxMs / 3_600_000);
  }

  /** A new session; the id returned goes into the cookie and is never kept. */
  open(session: Omit<BrowserSession, 'createdAt' | 'lastSeenAt'>): string {
    const now = this.now();
    this.sweep(now);
    const id = newId();
    if (this.sessions.size >= MAX_SESSIONS) forgetOldest(this.sessions);
    this.sessions.set(keyOf(id), { ...session, createdAt: now, lastSeenAt: now });
    return id;
  }

  /** The session, used now (which restarts its idle time), or why there is none. */
  find(id: string): SessionLookup {
    const key = keyOf(id);
    const session = this.sessions.get(key);
    if (!session) return { ended: 'the session is not known (signed out, or the service restarted): sign in again' };
    const now = this.now();
    if (now - session.createdAt >= this.config.sessionMaxMs) {
      this.sessions.delete(key);
      return { ended: `the session ended ${this.maxHours} hours after sign-in: sign in again` };
    }
    if (now - session.lastSeenAt >= this.config.sessionIdleMs) {
      this.sessions.delete(key);
      return { ended: `the session ended after ${this.idleMinutes} minutes unused: sign in again` };
    }
    session.lastSeenAt = now;
    return { session };
  }

  /** Ends the session; what it was, if it was. */
  end(id: string): BrowserSession | undefined {
    const key = keyOf(id);
    const session = this.sessions.get(key);
    this.sessions.delete(key);
    return session;
  }

  startSignIn(signIn: Omit<PendingSignIn, 'startedAt'>): string {
    const now = this.now();
    this.sweep(now);
    const id = newId();
    if (this.pending.size >= MAX_PENDING) forgetOldest(this.pending);
    this.pending.set(keyOf(id), { ...signIn, startedAt: now });
    return id;
  }

  /** The sign-in under way, forgotten as it is taken: the provider's answer is tried once, whatever its outcome. */
  takeSignIn(id: string): PendingSignIn | undefined {
    const key = keyOf(id);
    const signIn = this.pending.get(key);
    this.pending.delete(key);
    if (!signIn || this.now() - signIn.startedAt >= SIGN_IN_WINDOW_MS) return undefined;
    return signIn;
  }

  private now(): number {
    return this.clock.now().getTime();
  }

  private sweep(now: number): void {
    if (now - this.sweptAt < SWEEP_EVERY_MS) return;
    this.sweptAt = now;
    for (const [key, session] of this.sessions)
      if (now - session.createdAt >= this.config.sessionMaxMs || now - session.lastSeenAt >= this.config.sessionIdleMs)
        this.sessions.delete(key);
    for (const [key, signIn] of this.pending) if (now - signIn.startedAt >= SIGN_IN_WINDOW_MS) this.pending.delete(key);
  }
}

/** Maps keep insertion order: the first key is the oldest. */
function forgetOldest(map: Map<string, unknown>): void {
  const oldest = map.keys().next();
  if (!oldest.done) map.delete(oldest.value);
}

function newId(): string {
  return randomBytes(32).toString('base64url');
}

function keyOf(id: string): string {
  return createHash('sha256').update(id).digest('base64url');
}
