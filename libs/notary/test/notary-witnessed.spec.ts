import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock, SqliteEventStore, type EventToAppend } from '@plan-ledger/event-store';
import { checkCosignature, Notary, parseCosignerKey, Witness } from '@plan-ledger/notary';

const event = (i: number): EventToAppend => ({
  type: 'ActionAdded',
  data: { n: i },
  metadata: { occurredAt: { from: '2017-06', precision: 'month' }, actor: { id: 'u', role: 'editor' } },
});

/** The notary offers each checkpoint it signs to its witnesses and keeps what they cosign. */
describe('a notary with a witness', () => {
  let dir: string;
  let store: SqliteEventStore;
  let server: Server;
  let url: string;
  const clock = new ManualClock('2026-02-01T09:00:00.000Z');

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-witnessed-'));
    store = new SqliteEventStore({ path: join(dir, 'ledger.db'), clock });
  });
  afterEach(async () => {
    await store.close();
    server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function serve(witness: Witness): Promise<void> {
    server = createServer((request, response) => {
      const parts: Buffer[] = [];
      request.on('data', (part: Buffer) => parts.push(part));
      request.on('end', () => {
        const answer = witness.addCheckpoint(Buffer.concat(parts));
        response.writeHead(answer.status, { 'content-type': answer.contentType }).end(answer.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  }

  it('gets every checkpoint cosigned, each extending the last', async () => {
    const notaryDir = join(dir, 'notary');
    const probe = new Notary({ store, clock, dir: notaryDir, origin: 'plan-ledger.test/log' });
    const witness = new Witness({ dir: join(dir, 'witness'), logs: [probe.publicKey], name: 'auditor.test/witness' });
    await serve(witness);
    const notary = new Notary({
      store,
      clock,
      dir: notaryDir,
      origin: 'plan-ledger.test/log',
      witnesses: [{ url, key: witness.verifierKey }],
    });
    await notary.start();
    try {
      for (let i = 1; i <= 9; i++) {
        await store.append('plan-1', [event(i)], { expectedRevision: 'any' });
        if (i % 3 === 0) await notary.checkpoint();
      }
      await notary.witnessed();
      const key = parseCosignerKey(witness.verifierKey);
      for (const checkpoint of notary.checkpoints) {
        const note = notary.cosignedNote(checkpoint);
        expect(note).not.toBe(checkpoint.note);
        expect(checkCosignature(note, key)).toMatchObject({ status: 'valid' });
      }
      expect(notary.witnessTrouble).toEqual([]);
    } finally {
      await notary.stop();
    }
  });
});
