import { Transform, type TransformCallback } from 'node:stream';
import { HttpStatus } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuthConfig, EdgeConfig } from '../config/ledger-config';
import { isLoopbackHost } from '../config/loopback';
import { EdgeRefusal, isGraphqlRequest, refuse } from './edge-refusal';
import { isLonePreviewImport } from './graphql-limits';

export interface HttpGuardOptions {
  readonly auth: AuthConfig;
  readonly edge: EdgeConfig;
}

const mib = (bytes: number): string => `${(bytes / (1024 * 1024)).toLocaleString('en-GB', { maximumFractionDigits: 1 })} MiB`;

/**
 * The HTTP half of the edge, as Fastify hooks that run before any body is parsed or any resolver runs:
 *
 * - Cross-site requests: a browser names the page's origin in `Origin` on every cross-site POST (and on fetches); one
 *   that is neither this service's own origin nor in LEDGER_ALLOWED_ORIGINS is refused (403), and so is a request to
 *   /graphql that the browser marks `Sec-Fetch-Site: cross-site` or `same-site`. Without these headers (curl,
 *   servers) nothing is checked: such clients carry no one's cookies or ambient rights.
 * - In local mode the Host must be a loopback name: otherwise a page on an attacker's name that resolves to 127.0.0.1
 *   (DNS rebinding) would be "same-origin" with the service.
 * - /graphql takes GET (queries only: Mercurius refuses mutations over GET) or POST with `content-type:
 *   application/json`. Anything else, including the form, text/plain and application/graphql bodies a page can send
 *   without a preflight, is refused (415).
 * - Bodies: at most LEDGER_BODY_LIMIT_BYTES; only a lone `previewImport` (a document, base64) may reach
 *   LEDGER_UPLOAD_LIMIT_BYTES, and only LEDGER_CONCURRENT_UPLOADS of those at once. Whether a large body is such a
 *   request is decided from its first bytes, so a large body of anything else is refused at the limit, not read whole.
 * - Batched queries (a JSON array) are refused: one operation per request, each under the query limits.
 * - Every request is answered within LEDGER_REQUEST_TIMEOUT_MS.
 */
export function httpGuard(options: HttpGuardOptions): (fastify: FastifyInstance) => Promise<void> {
  const { auth, edge } = options;
  const uploads = new WeakSet<FastifyRequest>();
  let uploadsInFlight = 0;

  const plugin = async (fastify: FastifyInstance): Promise<void> => {
    fastify.addHook('onRequest', async (request, reply) => {
      const refusal =
        originRefusal(request, edge.allowedOrigins) ?? hostRefusal(request, auth, edge.allowedOrigins) ?? transportRefusal(request, edge);
      if (refusal) return refuse(request, reply, refusal.status, refusal.message);
      answerWithin(request, reply, edge.requestTimeoutMs);
    });

    fastify.addHook('preParsing', async (request, reply, payload) => {
      if (!isGraphqlRequest(request) || request.method !== 'POST') return payload;
      const declared = Number(request.headers['content-length']);
      if (Number.isFinite(declared) && declared <= edge.bodyLimitBytes) return payload;
      const gate = new BodyGate(edge, (head) => {
        if (!isLonePreviewImport(leadingQuery(head), edge.maxQueryTokens)) {
          return new EdgeRefusal(
            HttpStatus.PAYLOAD_TOO_LARGE,
            `the body is over ${mib(edge.bodyLimitBytes)} (LEDGER_BODY_LIMIT_BYTES); only a previewImport on its own, ` +
              `with "query" first in the JSON, may be larger (up to ${mib(edge.uploadLimitBytes)}, LEDGER_UPLOAD_LIMIT_BYTES)`,
          );
        }
        if (uploadsInFlight >= edge.concurrentUploads) {
          void reply.header('retry-after', '5');
          return new EdgeRefusal(
            HttpStatus.SERVICE_UNAVAILABLE,
            `${edge.concurrentUploads} documents are being read already (LEDGER_CONCURRENT_UPLOADS); send this one again in a few seconds`,
          );
        }
        uploadsInFlight++;
        reply.raw.once('close', () => uploadsInFlight--);
        uploads.add(request);
        return undefined;
      });
      return payload.pipe(gate);
    });

    fastify.addHook('preValidation', async (request, reply) => {
      if (!isGraphqlRequest(request) || request.method !== 'POST') return;
      if (Array.isArray(request.body)) {
        return refuse(request, reply, HttpStatus.BAD_REQUEST, 'batched queries are refused: send one operation per request');
      }
      // The decision above read the first "query" of the text; JSON.parse keeps the last, so a repeated key could
      // otherwise smuggle another operation through with an upload's allowance.
      if (uploads.has(request) && !isLonePreviewImport((request.body as { query?: unknown } | null)?.query, edge.maxQueryTokens)) {
        return refuse(
          request,
          reply,
          HttpStatus.PAYLOAD_TOO_LARGE,
          `the body is over ${mib(edge.bodyLimitBytes)} (LEDGER_BODY_LIMIT_BYTES) and is not a lone previewImport`,
        );
      }
    });
  };
  // Fastify's "skip-override" (what fastify-plugin sets): the hooks apply to every route, not to a child context.
  Object.assign(plugin, { [Symbol.for('skip-override')]: true });
  return plugin;
}

interface Refusal {
  readonly status: HttpStatus;
  readonly message: string;
}

function originRefusal(request: FastifyRequest, allowedOrigins: readonly string[]): Refusal | undefined {
  const origin = request.headers.origin;
  if (origin !== undefined && allowedOrigins.includes(origin)) return undefined;
  const site = request.headers['sec-fetch-site'];
  // Fetch metadata also covers what carries no Origin: a <script> or <img> pointing a GET query at /graphql.
  if (isGraphqlRequest(request) && (site === 'cross-site' || site === 'same-site')) {
    return {
      status: HttpStatus.FORBIDDEN,
      message: `a ${site} request (Sec-Fetch-Site) is refused: only pages served by this service, and origins listed in LEDGER_ALLOWED_ORIGINS, may call it`,
    };
  }
  if (origin === undefined || ownOrigin(origin, request.headers.host)) return undefined;
  return {
    status: HttpStatus.FORBIDDEN,
    message: `requests from the origin ${origin} are refused: only pages served by this service, and origins listed in LEDGER_ALLOWED_ORIGINS, may call it`,
  };
}

/** The browser's Origin names the host the request was sent to (same host and port; the scheme may be a proxy's). */
function ownOrigin(origin: string, host: string | undefined): boolean {
  if (!host) return false;
  try {
    const page = new URL(origin);
    if (page.protocol !== 'http:' && page.protocol !== 'https:') return false;
    return new URL(`${page.protocol}//${host}`).host === page.host;
  } catch {
    return false;
  }
}

function hostRefusal(request: FastifyRequest, auth: AuthConfig, allowedOrigins: readonly string[]): Refusal | undefined {
  const host = request.headers.host;
  if (auth.mode !== 'local' || host === undefined) return undefined;
  let hostname: string;
  try {
    hostname = new URL(`http://${host}`).hostname;
  } catch {
    return { status: HttpStatus.BAD_REQUEST, message: `the Host header ${host} is not a host name` };
  }
  if (isLoopbackHost(hostname) || allowedOrigins.some((origin) => new URL(origin).host === host.toLowerCase())) return undefined;
  return {
    status: HttpStatus.FORBIDDEN,
    message:
      `requests for the host ${host} are refused: in local mode the service answers only to localhost, 127.0.0.1 and [::1] ` +
      '(another name may be a page rebinding its DNS to this machine); list a name you trust in LEDGER_ALLOWED_ORIGINS',
  };
}

function transportRefusal(request: FastifyRequest, edge: EdgeConfig): Refusal | undefined {
  if (!isGraphqlRequest(request) || request.method !== 'POST') return undefined;
  const mediaType = request.headers['content-type']?.split(';')[0].trim().toLowerCase();
  if (mediaType !== 'application/json') {
    return {
      status: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
      message:
        `/graphql takes POST with content-type application/json (or GET for queries), not ${mediaType ? mediaType : 'a body without a content type'}: ` +
        'other types are what a page on another site can send without asking, so nothing was run',
    };
  }
  const declared = Number(request.headers['content-length']);
  if (declared > edge.uploadLimitBytes) {
    return {
      status: HttpStatus.PAYLOAD_TOO_LARGE,
      message: `the body is ${mib(declared)}; the most /graphql takes is ${mib(edge.bodyLimitBytes)} (LEDGER_BODY_LIMIT_BYTES), or ${mib(edge.uploadLimitBytes)} for a previewImport (LEDGER_UPLOAD_LIMIT_BYTES)`,
    };
  }
  return undefined;
}

/** A clean answer instead of a hung client when a request is slow; what is already under way is not stopped. */
function answerWithin(request: FastifyRequest, reply: FastifyReply, timeoutMs: number): void {
  const timer = setTimeout(() => {
    if (reply.sent) return;
    refuse(
      request,
      reply,
      HttpStatus.SERVICE_UNAVAILABLE,
      `no answer within ${(timeoutMs / 1000).toLocaleString('en-GB')} s (LEDGER_REQUEST_TIMEOUT_MS); a mutation may still ` +
        'have been recorded: send it again with the same commandId to find out',
    );
  }, timeoutMs);
  reply.raw.once('close', () => clearTimeout(timer));
}

/** The "query" string at the very start of a JSON body, as `JSON.stringify({ query, variables })` writes it. */
function leadingQuery(head: string): string | undefined {
  const opening = /^\s*\{\s*"query"\s*:\s*"/.exec(head);
  if (!opening) return undefined;
  // A scan for the closing quote rather than one regular expression: linear, where a backtracking match over a
  // megabyte of unclosed string costs tens of milliseconds.
  for (let from = opening[0].length; ;) {
    const quote = head.indexOf('"', from);
    if (quote < 0) return undefined;
    let backslashes = 0;
    while (head[quote - 1 - backslashes] === '\\') backslashes++;
    if (backslashes % 2 === 0) {
      try {
        return JSON.parse(head.slice(opening[0].length - 1, quote + 1)) as string;
      } catch {
        return undefined;
      }
    }
    from = quote + 1;
  }
}

/**
 * Passes a /graphql body through, holding on to its first bodyLimit bytes; the moment it grows past them, asks
 * `admit` (with those bytes as text) whether it may go on, and fails the body with admit's refusal if not.
 */
class BodyGate extends Transform {
  /** Fastify compares this with content-length and its own limit. */
  receivedEncodedLength = 0;
  private held: Buffer[] = [];
  private admitted = false;

  constructor(
    private readonly edge: EdgeConfig,
    private readonly admit: (head: string) => EdgeRefusal | undefined,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.receivedEncodedLength += chunk.length;
    if (this.receivedEncodedLength > this.edge.uploadLimitBytes) {
      callback(
        new EdgeRefusal(HttpStatus.PAYLOAD_TOO_LARGE, `the body is over ${mib(this.edge.uploadLimitBytes)} (LEDGER_UPLOAD_LIMIT_BYTES)`),
      );
      return;
    }
    if (!this.admitted) {
      this.held.push(chunk);
      if (this.receivedEncodedLength <= this.edge.bodyLimitBytes) {
        callback(null, chunk);
        return;
      }
      const head = Buffer.concat(this.held).subarray(0, this.edge.bodyLimitBytes).toString('utf8');
      this.held = [];
      const refusal = this.admit(head);
      if (refusal) {
        callback(refusal);
        return;
      }
      this.admitted = true;
    }
    callback(null, chunk);
  }
}
