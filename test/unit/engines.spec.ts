import { readFileSync } from 'node:fs';
import semver from 'semver';

/**
 * Node 20 is promised (package.json `engines`, the README), so nothing installed may ask for more: npm only warns
 * (EBADENGINE) and installs anyway, and the package then fails at run time on the oldest Node we claim. The lock file
 * records every package's own `engines`, so this checks them all against our floor and the Node running the tests.
 */
interface Lock {
  packages: Record<string, { version?: string; engines?: { node?: string } | string[]; optional?: boolean; os?: string[] }>;
}

const root = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync(new URL('../../package-lock.json', import.meta.url), 'utf8')) as Lock;
const floor = semver.minVersion(root.engines.node)!.version;

function mismatches(nodeVersion: string): string[] {
  return Object.entries(lock.packages)
    .filter(([path]) => path !== '')
    .flatMap(([path, entry]) => {
      const wanted = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
      if (!wanted || semver.satisfies(nodeVersion, wanted, { includePrerelease: true })) return [];
      return [`${path.replace(/^.*node_modules\//, '')}@${entry.version} wants node ${wanted}`];
    });
}

describe('engines tell the truth', () => {
  it(`every locked package runs on the oldest Node we promise (${root.engines.node})`, () => {
    expect(mismatches(floor)).toEqual([]);
  });

  it('every locked package runs on the Node running this suite', () => {
    expect(mismatches(process.version)).toEqual([]);
  });

  it('notices packages that want a newer Node than the one asked about (Node 18 is too old for several)', () => {
    expect(mismatches('18.0.0').length).toBeGreaterThan(0);
  });
});
