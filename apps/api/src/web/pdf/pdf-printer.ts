import { existsSync } from 'node:fs';
import { Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Browser, Route } from 'playwright-core';

/** Debian's Chromium, as the tests drive it; scripts/install-chromium.sh installs it. */
export const chromiumPath = (): string => process.env.LEDGER_CHROMIUM ?? '/usr/bin/chromium';

/**
 * The origin Chromium is shown the page under. Nothing is fetched from it: every request the page makes is answered
 * in-process by the service itself (Fastify's inject) as the person who asked for the PDF, and anything else is refused.
 */
const PRINT_ORIGIN = 'http://print.plan-ledger.invalid';

/** How long one PDF may take, from Chromium's start to its close. */
const PRINT_TIMEOUT_MS = 30_000;
/** PDFs printed one at a time; this many more may wait their turn, and beyond that a request is told to try again. */
const MAX_WAITING = 2;

/** The request headers that carry who is asking and how they reached the service; the rest are the browser's own. */
const NOT_CARRIED = new Set([
  'host',
  'content-length',
  'content-type',
  'connection',
  'accept',
  'accept-encoding',
  'if-none-match',
  'if-modified-since',
  'upgrade',
]);

const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/**
 * Prints a page of this service to PDF in headless Chromium. The page is requested through the service, with the
 * asker's own credentials and address, so it passes the same authentication and access checks as in their browser:
 * there is no way round them for the printer. One PDF at a time, bounded in time, the browser closed after each.
 */
@Injectable()
export class PdfPrinter {
  private readonly logger = new Logger('PdfPrinter');
  private turn: Promise<unknown> = Promise.resolve();
  private waiting = 0;

  async print(request: FastifyRequest, path: string): Promise<Buffer> {
    const executablePath = chromiumPath();
    if (!existsSync(executablePath))
      throw new ServiceUnavailableException(
        `No Chromium to print with at ${executablePath}: install it with scripts/install-chromium.sh, or set LEDGER_CHROMIUM to a Chromium executable. The page itself can be printed from the browser.`,
      );
    if (this.waiting > MAX_WAITING)
      throw new ServiceUnavailableException(
        'Other board packs are being printed: try again in a minute, or print the page from the browser.',
      );
    this.waiting++;
    const mine = this.turn.then(() => this.printNow(request, path, executablePath));
    this.turn = mine.catch(() => undefined).finally(() => this.waiting--);
    return mine;
  }

  private async printNow(request: FastifyRequest, path: string, executablePath: string): Promise<Buffer> {
    const { chromium } = await import('playwright-core');
    const held: { browser?: Browser; finished?: boolean } = {};
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new ServiceUnavailableException(
              `Printing the PDF took longer than ${PRINT_TIMEOUT_MS / 1000} seconds: try again, or print the page from the browser.`,
            ),
          ),
        PRINT_TIMEOUT_MS,
      );
    });
    try {
      const printing = (async () => {
        const browser = await chromium.launch({ executablePath, args: LAUNCH_ARGS, timeout: PRINT_TIMEOUT_MS });
        held.browser = browser;
        // Launched after the time ran out: closed at once, never left running.
        if (held.finished) await browser.close();
        // No script runs: the page is read as printed, and GOV.UK's components are not needed on paper.
        const context = await browser.newContext({ javaScriptEnabled: false });
        const page = await context.newPage();
        await page.route('**/*', (route) => this.answer(route, request));
        const response = await page.goto(`${PRINT_ORIGIN}${path}`, { waitUntil: 'load', timeout: PRINT_TIMEOUT_MS });
        if (response?.status() !== 200) throw new Error(`the page to print answered ${response?.status()}`);
        return page.pdf({ format: 'A4', printBackground: true, margin: { top: '15mm', bottom: '15mm', left: '12mm', right: '12mm' } });
      })();
      void printing.catch(() => undefined);
      return await Promise.race([printing, timedOut]);
    } catch (error) {
      if (error instanceof ServiceUnavailableException) throw error;
      this.logger.error(`printing ${path} failed: ${(error as Error).message}`);
      throw new ServiceUnavailableException('The PDF could not be printed: try again, or print the page from the browser.');
    } finally {
      clearTimeout(timer);
      held.finished = true;
      await held.browser?.close().catch(() => undefined);
    }
  }

  /** Answers one request of the page being printed, in-process, as the asker; anything off the service is refused. */
  private async answer(route: Route, asker: FastifyRequest): Promise<void> {
    const url = new URL(route.request().url());
    if (url.origin !== PRINT_ORIGIN || route.request().method() !== 'GET') return route.abort('blockedbyclient');
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(asker.headers))
      if (value !== undefined && !NOT_CARRIED.has(name)) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    const answered = await asker.server.inject({
      method: 'GET',
      url: `${url.pathname}${url.search}`,
      headers,
      // The asker's own address: local mode's "on this machine" is decided for them, not for the printer.
      remoteAddress: asker.socket.remoteAddress,
    });
    const replyHeaders: Record<string, string> = {};
    for (const [name, value] of Object.entries(answered.headers))
      if (value !== undefined) replyHeaders[name] = Array.isArray(value) ? value.join(', ') : String(value);
    return route.fulfill({ status: answered.statusCode, headers: replyHeaders, body: answered.rawPayload });
  }
}
