import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Public } from '../access/access-rule';
import { GOVUK_DIST, VIEWS_DIR } from './govuk-views';

const CONTENT_TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/manifest+json',
};

/**
 * GOV.UK Frontend's stylesheet, script, fonts and images, and our own small stylesheet, served by the service from the
 * installed package (no CDN: council networks often have none). The set is read once at start: only those names are
 * served, so nothing from a URL reaches the file system. (@fastify/static would do as much, but it cannot be loaded
 * under Jest, where the pages are tested in-process.)
 */
@Controller('assets')
@Public('the design system’s stylesheet, script, fonts and images: nothing of the log')
export class GovukAssetsController {
  private readonly files = new Map<string, { type: string; body: Buffer }>();

  constructor() {
    const govuk = join(GOVUK_DIST, 'govuk');
    const add = (name: string, path: string) => {
      const type = CONTENT_TYPES[extname(name)];
      if (type) this.files.set(name, { type, body: readFileSync(path) });
    };
    add('govuk-frontend.min.css', join(govuk, 'govuk-frontend.min.css'));
    add('govuk-frontend.min.js', join(govuk, 'govuk-frontend.min.js'));
    add('manifest.json', join(govuk, 'assets', 'manifest.json'));
    add('plan-ledger.css', join(VIEWS_DIR, 'plan-ledger.css'));
    for (const folder of ['fonts', 'images'])
      for (const name of readdirSync(join(govuk, 'assets', folder))) add(`${folder}/${name}`, join(govuk, 'assets', folder, name));
  }

  @Get(':name')
  file(@Param('name') name: string, @Res() reply: FastifyReply): void {
    this.send(name, reply);
  }

  @Get(':folder/:name')
  nested(@Param('folder') folder: string, @Param('name') name: string, @Res() reply: FastifyReply): void {
    this.send(`${folder}/${name}`, reply);
  }

  private send(name: string, reply: FastifyReply): void {
    const file = this.files.get(name);
    if (!file) throw new NotFoundException(`Cannot GET /assets/${name}`);
    void reply
      .header('content-type', file.type)
      .header('cache-control', 'public, max-age=86400')
      .header('x-content-type-options', 'nosniff')
      .send(file.body);
  }
}
