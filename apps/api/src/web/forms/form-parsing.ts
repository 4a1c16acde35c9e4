import multipart from '@fastify/multipart';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { MAX_IMPORT_BYTES } from '@plan-ledger/ofsted-import';
import type { LedgerConfig } from '../../config/ledger-config';

/**
 * What the pages' forms need of Fastify besides what Nest's adapter already parses (urlencoded bodies, within the
 * edge's body limit): multipart uploads of one document. /graphql never takes one: the edge refuses anything but
 * JSON there before parsing.
 *
 * A multipart body is not parsed by Fastify's body limit but read as a stream by the route, so it is bounded here: one
 * file of at most the importer's own limit and the edge's upload limit, and a few small fields.
 */
export async function registerFormParsing(app: NestFastifyApplication, config: LedgerConfig): Promise<void> {
  await app.register(multipart, {
    limits: {
      fileSize: Math.min(MAX_IMPORT_BYTES, config.edge.uploadLimitBytes),
      files: 1,
      fields: 10,
      fieldSize: 4096,
      parts: 11,
      headerPairs: 100,
    },
  });
}
