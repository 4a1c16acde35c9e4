import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { Controller, Get, Headers, NotFoundException, Param, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Public } from '../access/access-rule';

const require = createRequire(import.meta.url);
const gzipped = promisify(gzip);

/** react and react-dom do not export their `umd/` files, so they are found beside their (exported) package.json. */
function packageFile(packageName: string, file: string): string {
  return join(dirname(require.resolve(`${packageName}/package.json`)), file);
}

// Kept out of the page so the Content-Security-Policy can forbid inline scripts outright.
const START_SCRIPT = `'use strict';
ReactDOM.createRoot(document.getElementById('graphiql')).render(
  React.createElement(GraphiQL, { fetcher: GraphiQL.createFetcher({ url: '/graphql' }) }),
);
`;

const SOURCES = [
  { label: 'react', type: 'js', read: () => readFileSync(packageFile('react', 'umd/react.production.min.js')) },
  { label: 'react-dom', type: 'js', read: () => readFileSync(packageFile('react-dom', 'umd/react-dom.production.min.js')) },
  { label: 'graphiql', type: 'js', read: () => readFileSync(require.resolve('graphiql/graphiql.min.js')) },
  { label: 'graphiql', type: 'css', read: () => readFileSync(require.resolve('graphiql/graphiql.min.css')) },
  { label: 'start', type: 'js', read: () => Buffer.from(START_SCRIPT) },
] as const;

const CONTENT_TYPE = { js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8' } as const;

// GraphiQL's dialogs (Radix, through react-style-singleton) add <style> elements when they open: 'unsafe-inline' for styles only.
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

interface Asset {
  readonly contentType: string;
  readonly body: Buffer;
  gzipped?: Promise<Buffer>;
}

/**
 * GraphiQL served entirely by the service from its installed packages, so it works on a network with no way to a
 * CDN. Only the names in `assets` are served: nothing from the URL reaches the file system. Each name carries a hash
 * of its content, so browsers may keep it for a year and still pick up a new version after an upgrade.
 */
@Controller('graphiql')
@Public('a static page and its scripts: every query it sends is checked at /graphql')
export class GraphiqlController {
  private readonly assets = new Map<string, Asset>();
  private readonly page: string;

  constructor() {
    const urls: Record<string, string> = {};
    for (const source of SOURCES) {
      let body: Buffer;
      try {
        body = source.read();
      } catch (error) {
        throw new Error(
          `GraphiQL's ${source.label}.${source.type} is missing (${(error as Error).message}); set LEDGER_GRAPHIQL=false to run without it`,
          { cause: error },
        );
      }
      const name = `${source.label}-${createHash('sha256').update(body).digest('hex').slice(0, 12)}.${source.type}`;
      this.assets.set(name, { contentType: CONTENT_TYPE[source.type], body });
      urls[`${source.label}.${source.type}`] = `/graphiql/assets/${name}`;
    }
    this.page = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Plan Ledger · GraphiQL</title>
    <link rel="stylesheet" href="${urls['graphiql.css']}" />
    <script defer src="${urls['react.js']}"></script>
    <script defer src="${urls['react-dom.js']}"></script>
    <script defer src="${urls['graphiql.js']}"></script>
    <script defer src="${urls['start.js']}"></script>
  </head>
  <body style="margin: 0">
    <div id="graphiql" style="height: 100vh">Loading GraphiQL…</div>
  </body>
</html>
`;
  }

  @Get()
  index(@Res() reply: FastifyReply): void {
    void reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('content-security-policy', CONTENT_SECURITY_POLICY)
      .header('x-content-type-options', 'nosniff')
      .send(this.page);
  }

  @Get('assets/:name')
  async asset(@Param('name') name: string, @Headers('accept-encoding') acceptEncoding: string | undefined, @Res() reply: FastifyReply) {
    const asset = this.assets.get(name);
    if (!asset) throw new NotFoundException(`Cannot GET /graphiql/assets/${name}`);
    void reply
      .header('content-type', asset.contentType)
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('x-content-type-options', 'nosniff')
      .header('vary', 'accept-encoding');
    // graphiql.min.js is 3.5 MB as published and a fifth of that gzipped; compressed once, on first demand.
    if (/\bgzip\b/.test(acceptEncoding ?? '')) {
      asset.gzipped ??= gzipped(asset.body);
      void reply.header('content-encoding', 'gzip').send(await asset.gzipped);
    } else {
      void reply.send(asset.body);
    }
  }
}
