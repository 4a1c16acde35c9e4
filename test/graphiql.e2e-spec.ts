import { startApp, type RunningApp } from './support/running-app';

/** The tags' src and href in a page, which must all point back at the service for GraphiQL to work offline. */
function referencedUrls(html: string): string[] {
  return [...html.matchAll(/<(?:script|link)\b[^>]*?\b(?:src|href)="([^"]*)"/g)].map((match) => match[1]);
}

describe('GraphiQL served by the service itself, for networks with no way to a CDN', () => {
  let running: RunningApp;
  let disabled: RunningApp;

  beforeAll(async () => {
    running = await startApp({ env: { LEDGER_GRAPHIQL: 'true' } });
    disabled = await startApp({ env: { LEDGER_GRAPHIQL: 'false' } });
  });
  afterAll(async () => {
    await running?.stop();
    await disabled?.stop();
  });

  describe('enabled', () => {
    it('serves a page that names no other origin and points GraphiQL at /graphql', async () => {
      const response = await fetch(`${running.baseUrl}/graphiql`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      const html = await response.text();
      expect(html).not.toMatch(/https?:\/\//);
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline script: the policy forbids them
      expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
      const urls = referencedUrls(html);
      expect(urls).toHaveLength(5);
      for (const url of urls) expect(url).toMatch(/^\/graphiql\/assets\/[\w.-]+$/);
    });

    it('serves every script and stylesheet the page references, with its type and a long cache life', async () => {
      const html = await (await fetch(`${running.baseUrl}/graphiql`)).text();
      const bodies: string[] = [];
      for (const url of referencedUrls(html)) {
        const response = await fetch(`${running.baseUrl}${url}`);
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toMatch(url.endsWith('.css') ? /^text\/css/ : /^text\/javascript/);
        expect(response.headers.get('cache-control')).toContain('immutable');
        bodies.push(await response.text());
      }
      const all = bodies.join('\n');
      expect(all).toContain('react.production.min.js');
      expect(all).toContain('react-dom.production.min.js');
      expect(all).toContain('.graphiql-container'); // the stylesheet
      expect(all).toContain("GraphiQL.createFetcher({ url: '/graphql' })");
      expect(bodies.some((body) => body.length > 1_000_000 && body.includes('GraphiQL'))).toBe(true); // the bundle
    });

    it('compresses the bundle for clients that accept gzip, and sends it plain to those that do not', async () => {
      const html = await (await fetch(`${running.baseUrl}/graphiql`)).text();
      const bundle = referencedUrls(html).find((url) => url.includes('/graphiql-') && url.endsWith('.js'))!;
      const zipped = await fetch(`${running.baseUrl}${bundle}`, { headers: { 'accept-encoding': 'gzip' } });
      expect(zipped.headers.get('content-encoding')).toBe('gzip');
      const plain = await fetch(`${running.baseUrl}${bundle}`, { headers: { 'accept-encoding': 'identity' } });
      expect(plain.headers.get('content-encoding')).toBeNull();
      expect(await zipped.text()).toBe(await plain.text());
    });

    it.each([
      'graphiql.min.js',
      'package.json',
      '..%2f..%2fpackage.json',
      '..%2F..%2Fnode_modules%2Fgraphiql%2Fgraphiql.min.js',
      '__proto__',
    ])('answers 404 for an asset not on its list: %s', async (name) => {
      const response = await fetch(`${running.baseUrl}/graphiql/assets/${name}`);
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ code: 'NOT_FOUND' });
    });

    it('still answers GraphQL at /graphql', async () => {
      const response = await fetch(`${running.baseUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      expect(await response.json()).toEqual({ data: { __typename: 'Query' } });
    });
  });

  describe('disabled (LEDGER_GRAPHIQL=false)', () => {
    it('answers 404 for the page and every asset the enabled page names', async () => {
      const assets = referencedUrls(await (await fetch(`${running.baseUrl}/graphiql`)).text());
      expect(assets.length).toBeGreaterThan(0);
      for (const path of ['/graphiql', ...assets]) expect((await fetch(`${disabled.baseUrl}${path}`)).status).toBe(404);
    });
  });
});
