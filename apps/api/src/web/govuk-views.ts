import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';
import { dateWords, daysAgo, instantWords } from './date-words';

const require = createRequire(import.meta.url);

/** govuk-frontend's `dist/`, where its template and macros live as `govuk/…`. */
export const GOVUK_DIST = dirname(dirname(require.resolve('govuk-frontend')));

/** Our own templates: copied beside the compiled code by the build (nest-cli.json's assets). */
export const VIEWS_DIR = fileURLToPath(new URL('./views/', import.meta.url));

/**
 * One Nunjucks environment for every page: our templates first, then govuk-frontend's, with autoescape on so nothing
 * from the log (a title, a reason, an owner's name) is ever read as markup. Templates are compiled once and kept.
 */
export function govukEnvironment(): nunjucks.Environment {
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader([VIEWS_DIR, GOVUK_DIST], { noCache: false }), {
    autoescape: true,
    throwOnUndefined: false,
    trimBlocks: true,
    lstripBlocks: true,
  });
  env.addFilter('dateWords', dateWords);
  env.addFilter('instantWords', instantWords);
  env.addFilter('daysAgo', daysAgo);
  return env;
}

export const govukAssetFile = (relative: string): string => join(GOVUK_DIST, 'govuk', relative);
