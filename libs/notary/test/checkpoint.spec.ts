import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateKeys, openCheckpoint, parseVerifierKey, signCheckpoint, verifierKey } from '@plan-ledger/notary';

describe('checkpoints and keys', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-keys-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a C2SP signed note: origin, size, base64 root, time, blank line, em-dash signature line', () => {
    const keys = loadOrCreateKeys(dir, 'plan-ledger.example/log');
    const checkpoint = signCheckpoint(keys, 42n, Buffer.alloc(32, 1), '2026-11-24T10:00:00.000Z');
    const lines = checkpoint.note.split('\n');
    expect(lines.slice(0, 5)).toEqual([
      'plan-ledger.example/log',
      '42',
      Buffer.alloc(32, 1).toString('base64'),
      'time 2026-11-24T10:00:00.000Z',
      '',
    ]);
    expect(lines[5]).toMatch(/^\u2014 plan-ledger\.example\/log [A-Za-z0-9+/]{91}=$/);
    expect(openCheckpoint(checkpoint.note, keys)).toMatchObject({ size: 42n, time: '2026-11-24T10:00:00.000Z' });
  });

  it('keeps its key across restarts, private key readable by its owner only, and prints a verifier key that parses', () => {
    const first = loadOrCreateKeys(dir, 'plan-ledger.example/log');
    const again = loadOrCreateKeys(dir, 'plan-ledger.example/log');
    expect(verifierKey(again)).toBe(verifierKey(first));
    expect(statSync(join(dir, 'notary-ed25519.pem')).mode & 0o777).toBe(0o600);
    // Keys whose base64 holds '+' must parse too: try several.
    for (let i = 0; i < 20; i++) {
      const keys = loadOrCreateKeys(mkdtempSync(join(dir, 'k-')), 'plan-ledger.example/log');
      expect(verifierKey(parseVerifierKey(verifierKey(keys)))).toBe(verifierKey(keys));
    }
  });

  it('rejects an altered body, another key, and a note that is not one', () => {
    const keys = loadOrCreateKeys(dir, 'plan-ledger.example/log');
    const other = loadOrCreateKeys(join(dir, 'other'), 'plan-ledger.example/log');
    const { note } = signCheckpoint(keys, 42n, Buffer.alloc(32, 1), '2026-11-24T10:00:00.000Z');
    expect(() => openCheckpoint(note.replace('\n42\n', '\n43\n'), keys)).toThrow(/signature does not verify/);
    expect(() => openCheckpoint(note, other)).toThrow(/no signature by/);
    expect(() => openCheckpoint('plan-ledger.example/log\n42\n', keys)).toThrow(/not a signed note/);
  });
});
